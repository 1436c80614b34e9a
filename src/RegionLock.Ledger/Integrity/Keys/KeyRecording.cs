using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// Records the service's signing keys in the key history when it starts (Integrity:RecordKeysAtStart, default true):
/// the token key is recorded only here, the checkpoint and export keys also before they first sign. A key the
/// history does not vouch for is logged as an error; checkpoints and exports then refuse to sign with it.
/// </summary>
public sealed class KeyRecording(KeyHistory history, ISigningKeys keys, IOptions<IntegritySettings> settings, ILogger<KeyRecording> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!settings.Value.RecordKeysAtStart) return;
        foreach (var key in SigningKeyKind.All.Select(keys.Current).OfType<ISigningKey>())
        {
            try
            {
                await history.EnsureRecorded(key, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever failed (a key the history refuses, the database away), the service keeps serving.
                log.LogError(e, "the {Kind} key {KeyId} is not recorded in the key history", key.Kind, key.KeyId);
            }
        }
    }
}
