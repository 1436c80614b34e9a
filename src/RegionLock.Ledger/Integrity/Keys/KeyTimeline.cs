namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>One key of the history: valid from its adoption until the next key of its kind was adopted.</summary>
public sealed record HistoricKey(SigningKeyAdopted Adoption, long Sequence, DateTimeOffset? RetiredAt);

/// <summary>The key history as recorded, in order: which key of a kind was valid when, and whether each step holds.</summary>
public sealed class KeyTimeline
{
    private readonly List<(SigningKeyAdopted Adoption, long Sequence)> _adoptions;

    public KeyTimeline(IEnumerable<(SigningKeyAdopted Adoption, long Sequence)> adoptions) => _adoptions = adoptions.ToList();

    public IReadOnlyList<HistoricKey> Keys => _adoptions
        .Where((entry, i) => !_adoptions.Take(i).Any(earlier => SameKey(earlier.Adoption, entry.Adoption)))
        .Select(entry => Find(entry.Adoption.Kind, entry.Adoption.KeyId)!).ToList();

    public SigningKeyAdopted? Current(string kind) => _adoptions.LastOrDefault(a => a.Adoption.Kind == kind).Adoption;

    /// <summary>The key of that kind and id, with when it was retired (null while it is current).</summary>
    public HistoricKey? Find(string kind, string keyId)
    {
        var index = _adoptions.FindIndex(a => a.Adoption.Kind == kind && a.Adoption.KeyId == keyId);
        if (index < 0) return null;
        var next = _adoptions.Skip(index + 1).FirstOrDefault(a => a.Adoption.Kind == kind && a.Adoption.KeyId != keyId);
        return new HistoricKey(_adoptions[index].Adoption, _adoptions[index].Sequence, next.Adoption?.ValidFrom);
    }

    /// <summary>Each step of the history that does not hold: a signature that does not verify, a key put in unsigned.</summary>
    public IEnumerable<(long Sequence, string Detail)> Problems()
    {
        for (var i = 0; i < _adoptions.Count; i++)
        {
            var (adoption, sequence) = _adoptions[i];
            var statement = adoption.Statement();
            if (!Verifies(adoption, adoption.AdoptedKeySignature, statement))
                yield return (sequence, $"the {adoption.Kind} key {adoption.KeyId} did not sign its own adoption");
            var before = _adoptions.Take(i).LastOrDefault(a => a.Adoption.Kind == adoption.Kind).Adoption;
            if (before is null || SameKey(before, adoption)) continue;
            if (adoption.Replaces != before.KeyId)
                yield return (sequence, $"the {adoption.Kind} key {adoption.KeyId} was put in without the signature of key {before.KeyId}, which it replaced");
            else if (!Verifies(before, adoption.ReplacedKeySignature, statement))
                yield return (sequence, $"the {adoption.Kind} key {before.KeyId} did not sign the adoption of key {adoption.KeyId}");
        }
    }

    private static bool SameKey(SigningKeyAdopted a, SigningKeyAdopted b) => a.Kind == b.Kind && a.KeyId == b.KeyId;

    private static bool Verifies(SigningKeyAdopted key, string? signature, byte[] statement)
    {
        try
        {
            return signature is not null && Signatures.Verify(key.Algorithm, key.PublicKey, statement, Convert.FromBase64String(signature));
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
