using RegionLock.Ledger.Exports;

namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// Replaces the checkpoint, export or log key: a new key is generated into the key file, and its adoption, signed by the
/// old key and the new, is recorded in the ledger. The file is replaced first and put back if the record fails, so
/// that no key signs without being in the history; services on the same file sign with the new key from their next
/// signature on. The old private key is not kept: what it signed is checked with its public half in the history.
/// </summary>
public sealed class KeyRotation(KeyHistory history, CheckpointSigner checkpoints, ExportSigner exports, Log.LogSigner log)
{
    public async Task<SigningKeyAdopted> Rotate(string kind, Actor by, CancellationToken cancellation)
    {
        var (current, file, next) = kind switch
        {
            SigningKeyKind.Checkpoint => ((ISigningKey)checkpoints.Current, checkpoints.KeyFile, EcdsaSigningKey.Generate()),
            SigningKeyKind.Export => (exports.Current, exports.KeyFile, Ed25519SigningKey.Generate()),
            SigningKeyKind.Log => (log.Current.Signing, log.KeyFile, NoteSigner.GenerateKey()),
            _ => throw new ArgumentException($"keys of kind '{kind}' are not rotated here; rotatable: {string.Join(", ", SigningKeyKind.Rotatable)}"),
        };
        await history.EnsureRecorded(current, cancellation);
        var previous = await File.ReadAllTextAsync(file, cancellation);
        KeyFiles.Replace(file, next, overwrite: true);
        try
        {
            ISigningKey adopted = kind switch
            {
                SigningKeyKind.Checkpoint => checkpoints.Current,
                SigningKeyKind.Export => exports.Current,
                _ => log.Current.Signing,
            };
            return await history.Rotate(current, adopted, by, cancellation);
        }
        catch
        {
            KeyFiles.Replace(file, previous, overwrite: true);
            throw;
        }
    }
}
