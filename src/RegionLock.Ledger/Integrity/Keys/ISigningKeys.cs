namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// Where the ledger's signing keys are held, and the one way anything it signs is signed: checkpoints, the log's
/// notes, export manifests, tokens. The default, <see cref="FileSigningKeys"/>, reads PEM files. A KMS or HSM keeps
/// the private key itself: implement this with keys whose <see cref="ISigningKey.Sign"/> calls it (ECDSA signatures
/// in DER, as KMSs return them; Ed25519 raw) and register it in <see cref="SigningKeysSetup"/>; no caller changes.
/// </summary>
public interface ISigningKeys
{
    /// <summary>
    /// The key of a kind that signs now, or null where this service holds none of that kind (tokens, when an identity
    /// provider issues them). Take it once per signature, so that what is signed names the key that signs it.
    /// </summary>
    ISigningKey? Current(string kind);

    /// <summary>Makes a new key of a rotatable kind (<see cref="SigningKeyKind.Rotatable"/>) current.</summary>
    KeyReplacement Replace(string kind);
}

/// <summary>A key made current by a rotation, and the way back to the one it replaced should the rotation not be recorded.</summary>
public sealed record KeyReplacement(ISigningKey Replaced, ISigningKey Adopted, Action Undo);

public static class SigningKeysExtensions
{
    public static ISigningKey Required(this ISigningKeys keys, string kind) =>
        keys.Current(kind) ?? throw new InvalidOperationException($"this service holds no {kind} signing key");
}
