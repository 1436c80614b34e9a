using System.Security.Cryptography;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>
/// The verification algorithms of RFC 9162, written from the RFC's text (2.1.3.2 and 2.1.4.2) and independently of
/// the product's MerkleTree, so that the proofs the ledger serves are checked by a second implementation.
/// </summary>
public static class Rfc9162Verifier
{
    public static byte[] HashLeaf(byte[] data) => SHA256.HashData([0x00, .. data]);

    private static byte[] HashChildren(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>2.1.3.2: verifying an inclusion proof of leaf_index in a tree of tree_size with root_hash.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> inclusionPath,
                                       byte[] rootHash)
    {
        // 1. Compare leaf_index from the inclusion_proof_v2 structure against tree_size. If leaf_index is greater
        //    than or equal to tree_size, then fail the proof verification.
        if (leafIndex >= treeSize) return false;
        // 2. Set fn to leaf_index and sn to tree_size - 1.
        var fn = leafIndex;
        var sn = treeSize - 1;
        // 3. Set r to hash.
        var r = leafHash;
        // 4. For each value p in the inclusion_path array:
        foreach (var p in inclusionPath)
        {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0) return false;
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if ((fn & 1) == 1 || fn == sn)
            {
                // i. Set r to HASH(0x01 || p || r).
                r = HashChildren(p, r);
                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or
                //     fn is 0.
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                // Otherwise: i. Set r to HASH(0x01 || r || p).
                r = HashChildren(r, p);
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1;
            sn >>= 1;
        }
        // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the root_hash are equal,
        //    then the log has proven the inclusion of hash. Otherwise, fail the proof verification.
        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }

    /// <summary>2.1.4.2: verifying a consistency proof between first_hash (first tree_size) and second_hash.</summary>
    public static bool VerifyConsistency(long firstSize, long secondSize, byte[] firstHash, byte[] secondHash,
                                         IReadOnlyList<byte[]> consistencyPath)
    {
        if (firstSize > secondSize) return false;
        if (firstSize == secondSize) return consistencyPath.Count == 0 && firstHash.AsSpan().SequenceEqual(secondHash);
        if (consistencyPath.Count == 0) return false;
        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
        var path = new List<byte[]>(consistencyPath);
        if ((firstSize & (firstSize - 1)) == 0) path.Insert(0, firstHash);
        // 3. Set fn to first - 1 and sn to second - 1.
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. Set both fr and sr to the first value in the consistency_path array.
        var fr = path[0];
        var sr = path[0];
        // 6. For each subsequent value c in the consistency_path array:
        foreach (var c in path.Skip(1))
        {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0) return false;
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if ((fn & 1) == 1 || fn == sn)
            {
                // i. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
                fr = HashChildren(c, fr);
                sr = HashChildren(c, sr);
                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or
                //     fn is 0.
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                // Otherwise: i. Set sr to HASH(0x01 || sr || c).
                sr = HashChildren(sr, c);
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1;
            sn >>= 1;
        }
        // 7. After completing iterating through the consistency_path array as described above, verify that the fr
        //    calculated is equal to the first_hash supplied, that the sr calculated is equal to the second_hash
        //    supplied, and that sn is 0.
        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }

    /// <summary>MTH of 2.1.1, straight from its recursive definition.</summary>
    public static byte[] TreeHead(IReadOnlyList<byte[]> leafData) => TreeHeadOfLeafHashes(leafData.Select(HashLeaf).ToList());

    /// <summary>MTH of 2.1.1 over the leaves' hashes (a list of leaf hashes: what level-0 tiles hold).</summary>
    public static byte[] TreeHeadOfLeafHashes(IReadOnlyList<byte[]> leafHashes) => Head(leafHashes, 0, leafHashes.Count);

    private static byte[] Head(IReadOnlyList<byte[]> hashes, int start, int count)
    {
        if (count == 0) return SHA256.HashData([]);
        if (count == 1) return hashes[start];
        var k = 1;
        while (k * 2 < count) k *= 2;
        return HashChildren(Head(hashes, start, k), Head(hashes, start + k, count - k));
    }
}
