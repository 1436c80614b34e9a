using System.Security.Cryptography;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1: leaf hash SHA-256(0x00 || leaf), node
/// hash SHA-256(0x01 || left || right), and the inclusion and consistency proofs of 2.1.3 and 2.1.4. Hand-written:
/// no served .NET package implements RFC 9162; the test project checks it against an independent verifier.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[n]) of RFC 9162 over the leaf hashes; the empty tree's head is SHA-256 of nothing.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) =>
        leafHashes.Count == 0 ? SHA256.HashData([]) : Subtree(leafHashes, 0, leafHashes.Count);

    /// <summary>PATH(m, D[n]): the inclusion proof of leaf <paramref name="index"/> in the tree of the leaf hashes.</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leafHashes.Count);
        var proof = new List<byte[]>();
        Path(leafHashes, (int)index, 0, leafHashes.Count, proof);
        return proof;
    }

    /// <summary>PROOF(m, D[n]): the consistency proof between the tree of the first m leaves and that of all.</summary>
    public static List<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, leafHashes.Count);
        var proof = new List<byte[]>();
        if (m < leafHashes.Count) SubProof((int)m, leafHashes, 0, leafHashes.Count, true, proof);
        return proof;
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1) return leaves[start];
        var k = LargestPowerOfTwoBelow(count);
        return NodeHash(Subtree(leaves, start, k), Subtree(leaves, start + k, count - k));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int m, int start, int count, List<byte[]> proof)
    {
        if (count == 1) return;
        var k = LargestPowerOfTwoBelow(count);
        if (m < k)
        {
            Path(leaves, m, start, k, proof);
            proof.Add(Subtree(leaves, start + k, count - k));
        }
        else
        {
            Path(leaves, m - k, start + k, count - k, proof);
            proof.Add(Subtree(leaves, start, k));
        }
    }

    private static void SubProof(int m, IReadOnlyList<byte[]> leaves, int start, int count, bool complete,
                                 List<byte[]> proof)
    {
        if (m == count)
        {
            if (!complete) proof.Add(Subtree(leaves, start, count));
            return;
        }
        var k = LargestPowerOfTwoBelow(count);
        if (m <= k)
        {
            SubProof(m, leaves, start, k, complete, proof);
            proof.Add(Subtree(leaves, start + k, count - k));
        }
        else
        {
            SubProof(m - k, leaves, start + k, count - k, false, proof);
            proof.Add(Subtree(leaves, start, k));
        }
    }

    /// <summary>The largest power of two smaller than n (n &gt; 1): the split point k of RFC 9162.</summary>
    internal static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }
}

/// <summary>
/// The root of a growing Merkle tree in O(log n) memory: the roots of its perfect subtrees, largest first, folded
/// right to left when the head is asked for. Verification streams millions of leaves through it.
/// </summary>
public sealed class MerkleAccumulator
{
    private readonly List<(byte[] Hash, int Height)> _peaks = [];

    public long Size { get; private set; }

    public void Add(byte[] leafHash)
    {
        var node = (Hash: leafHash, Height: 0);
        while (_peaks.Count > 0 && _peaks[^1].Height == node.Height)
        {
            node = (MerkleTree.NodeHash(_peaks[^1].Hash, node.Hash), node.Height + 1);
            _peaks.RemoveAt(_peaks.Count - 1);
        }
        _peaks.Add(node);
        Size++;
    }

    public byte[] Root()
    {
        if (_peaks.Count == 0) return SHA256.HashData([]);
        var root = _peaks[^1].Hash;
        for (var i = _peaks.Count - 2; i >= 0; i--) root = MerkleTree.NodeHash(_peaks[i].Hash, root);
        return root;
    }
}
