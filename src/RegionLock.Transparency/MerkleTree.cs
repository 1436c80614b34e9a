using System.Numerics;
using System.Security.Cryptography;

namespace RegionLock.Transparency;

/// <summary>The hash of the perfect subtree of 2^height leaves that starts at leaf <paramref name="start"/>.</summary>
public delegate byte[] PerfectSubtree(long start, int height);

/// <summary>
/// The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1: leaf hash SHA-256(0x00 || leaf), node
/// hash SHA-256(0x01 || left || right), and the inclusion and consistency proofs of 2.1.3 and 2.1.4. Every subtree the
/// RFC's recursion names is either perfect and aligned, or the right edge [start, n) made of perfect ones, so the
/// algorithms take the perfect subtrees' hashes from wherever they are kept (the stored tiles, or a list of leaves).
/// Hand-written: no served .NET package implements RFC 9162; the tests check it against an independent verifier.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>MTH of the empty tree: SHA-256 of nothing.</summary>
    public static readonly byte[] EmptyRoot = SHA256.HashData([]);

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

    /// <summary>The root of a perfect subtree from its 2^k hashes one level of stored hashes below it.</summary>
    public static byte[] PerfectRoot(IReadOnlyList<byte[]> hashes, int offset, int count)
    {
        if (count == 1) return hashes[offset];
        var half = count / 2;
        return NodeHash(PerfectRoot(hashes, offset, half), PerfectRoot(hashes, offset + half, half));
    }

    /// <summary>MTH(D[n]) of RFC 9162.</summary>
    public static byte[] Root(long size, PerfectSubtree perfect) =>
        size == 0 ? EmptyRoot : Subtree(0, size, perfect);

    /// <summary>PATH(m, D[n]): the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public static List<byte[]> InclusionProof(long size, long index, PerfectSubtree perfect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var proof = new List<byte[]>();
        Path(index, 0, size, perfect, proof);
        return proof;
    }

    /// <summary>PROOF(m, D[n]): the consistency proof between the tree of the first m leaves and that of n.</summary>
    public static List<byte[]> ConsistencyProof(long size, long m, PerfectSubtree perfect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, size);
        var proof = new List<byte[]>();
        if (m < size) SubProof(m, 0, size, true, perfect, proof);
        return proof;
    }

    /// <summary>The perfect subtrees of a list of leaf hashes, computed from the list (O(2^height) each).</summary>
    public static PerfectSubtree Over(IReadOnlyList<byte[]> leafHashes) =>
        (start, height) => PerfectRoot(leafHashes, checked((int)start), 1 << height);

    private static byte[] Subtree(long start, long count, PerfectSubtree perfect)
    {
        if (BitOperations.IsPow2(count)) return perfect(start, BitOperations.Log2((ulong)count));
        var k = LargestPowerOfTwoBelow(count);
        return NodeHash(Subtree(start, k, perfect), Subtree(start + k, count - k, perfect));
    }

    private static void Path(long m, long start, long count, PerfectSubtree perfect, List<byte[]> proof)
    {
        if (count == 1) return;
        var k = LargestPowerOfTwoBelow(count);
        if (m < k)
        {
            Path(m, start, k, perfect, proof);
            proof.Add(Subtree(start + k, count - k, perfect));
        }
        else
        {
            Path(m - k, start + k, count - k, perfect, proof);
            proof.Add(Subtree(start, k, perfect));
        }
    }

    private static void SubProof(long m, long start, long count, bool complete, PerfectSubtree perfect, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!complete) proof.Add(Subtree(start, count, perfect));
            return;
        }
        var k = LargestPowerOfTwoBelow(count);
        if (m <= k)
        {
            SubProof(m, start, k, complete, perfect, proof);
            proof.Add(Subtree(start + k, count - k, perfect));
        }
        else
        {
            SubProof(m - k, start + k, count - k, false, perfect, proof);
            proof.Add(Subtree(start, k, perfect));
        }
    }

    /// <summary>The largest power of two smaller than n (n &gt; 1): the split point k of RFC 9162.</summary>
    internal static long LargestPowerOfTwoBelow(long n) => (long)BitOperations.RoundUpToPowerOf2((ulong)n) >> 1;
}
