namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// Replaces the checkpoint, export or log key: a new key is made current where the keys are held, and its adoption,
/// signed by the old key and the new, is recorded in the ledger. The key is replaced first and put back if the record
/// fails, so that no key signs without being in the history; services on the same keys sign with the new one from
/// their next signature on. What the old key signed is checked with its public half in the history.
/// </summary>
public sealed class KeyRotation(KeyHistory history, ISigningKeys keys)
{
    public async Task<SigningKeyAdopted> Rotate(string kind, Actor by, CancellationToken cancellation)
    {
        if (!SigningKeyKind.Rotatable.Contains(kind))
            throw new ArgumentException($"keys of kind '{kind}' are not rotated here; rotatable: {string.Join(", ", SigningKeyKind.Rotatable)}");
        await history.EnsureRecorded(keys.Required(kind), cancellation);
        var replacement = keys.Replace(kind);
        try
        {
            return await history.Rotate(replacement.Replaced, replacement.Adopted, by, cancellation);
        }
        catch
        {
            replacement.Undo();
            throw;
        }
    }
}
