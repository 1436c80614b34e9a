namespace RegionLock.Transparency;

/// <summary>
/// Checks RFC 9162 proofs as its sections 2.1.3.2 (inclusion) and 2.1.4.2 (consistency) state the algorithms, step
/// by step: what a witness runs on a proof it is given, with nothing but the two tree heads.
/// </summary>
public static class MerkleProofs
{
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path,
                                       ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        var (fn, sn) = (index, size - 1);
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) (fn, sn) = (fn >> 1, sn >> 1);
            }
            else
            {
                r = MerkleTree.NodeHash(r, p);
            }
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>
    /// Whether <paramref name="proof"/> shows the tree of <paramref name="first"/> leaves to be a prefix of the tree of
    /// <paramref name="second"/>. Equal sizes need an empty proof and equal roots; an empty first tree is a prefix of
    /// every tree and needs an empty proof.
    /// </summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot,
                                         ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 0 || first > second) return false;
        if (first == 0) return proof.Count == 0;
        if (first == second) return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (proof.Count == 0) return false;

        var path = (first & (first - 1)) == 0 ? [firstRoot.ToArray(), .. proof] : proof.ToList();
        var (fn, sn) = (first - 1, second - 1);
        while ((fn & 1) == 1) (fn, sn) = (fn >> 1, sn >> 1);
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleTree.NodeHash(c, fr);
                sr = MerkleTree.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) (fn, sn) = (fn >> 1, sn >> 1);
            }
            else
            {
                sr = MerkleTree.NodeHash(sr, c);
            }
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }
}
