using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// Publishes the latest signed checkpoint at /api/integrity/log/checkpoint once Integrity:WitnessQuorum witnesses
/// cosigned it (at once when the quorum is 0). A checkpoint short of its quorum stays unpublished: the one served
/// stays the last one the witnesses vouched for, and readiness says why.
/// </summary>
public sealed class Publication(LogStore store, Witnesses witnesses, TimeProvider clock, IOptions<IntegritySettings> settings)
{
    public async Task<SignedCheckpoint?> PublishAsync(CancellationToken cancellation)
    {
        if (await store.LatestSigned(cancellation) is not { Published: false } latest) return null;
        var quorum = settings.Value.WitnessQuorum;
        var cosigned = witnesses.All.Count == 0 ? 0 : await witnesses.Cosign(latest, cancellation);
        if (cosigned < quorum) return null;
        await store.Publish(latest.Size, clock.GetUtcNow(), cancellation);
        return latest with { Published = true };
    }
}
