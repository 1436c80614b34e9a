using RegionLock.Transparency;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>The witness's proof checks (the product's) agree with the independent RFC 9162 verifier, proof by proof.</summary>
public sealed class MerkleProofsTests
{
    private static readonly List<byte[]> Leaves = Enumerable.Range(0, 300).Select(i => Rfc9162Verifier.HashLeaf([(byte)i, (byte)(i >> 8)])).ToList();

    private static byte[] Root(int size) => MerkleTree.Root(size, MerkleTree.Over(Leaves));

    [Fact]
    public void consistency_proofs_verify_and_any_changed_hash_fails_in_both()
    {
        foreach (var second in new[] { 1, 2, 3, 7, 8, 9, 255, 256, 257, 300 })
        foreach (var first in new[] { 1, 2, 3, 4, 7, 8, 128, 255, 256, 257 }.Where(f => f <= second))
        {
            var proof = MerkleTree.ConsistencyProof(second, first, MerkleTree.Over(Leaves));
            Assert.True(MerkleProofs.VerifyConsistency(first, second, Root(first), Root(second), proof), $"{first} to {second}");
            Assert.True(Rfc9162Verifier.VerifyConsistency(first, second, Root(first), Root(second), proof) || first == second);
            Assert.False(MerkleProofs.VerifyConsistency(first, second, Root(first), new byte[32], proof));
            for (var i = 0; i < proof.Count; i++)
            {
                var changed = proof.Select((hash, j) => j == i ? Rfc9162Verifier.HashLeaf(hash) : hash).ToList();
                Assert.False(MerkleProofs.VerifyConsistency(first, second, Root(first), Root(second), changed));
            }
        }
    }

    [Fact]
    public void the_empty_tree_and_equal_sizes_follow_the_witness_rules()
    {
        Assert.True(MerkleProofs.VerifyConsistency(0, 5, MerkleTree.EmptyRoot, Root(5), []));
        Assert.False(MerkleProofs.VerifyConsistency(0, 5, MerkleTree.EmptyRoot, Root(5), [Leaves[0]]));
        Assert.True(MerkleProofs.VerifyConsistency(5, 5, Root(5), Root(5), []));
        Assert.False(MerkleProofs.VerifyConsistency(5, 5, Root(5), Root(6), []));
        Assert.False(MerkleProofs.VerifyConsistency(6, 5, Root(6), Root(5), []));
    }

    [Fact]
    public void inclusion_proofs_verify_in_both()
    {
        foreach (var size in new[] { 1, 2, 5, 255, 256, 257, 300 })
        foreach (var index in new[] { 0, 1, size / 2, size - 1 }.Where(i => i < size).Distinct())
        {
            var path = MerkleTree.InclusionProof(size, index, MerkleTree.Over(Leaves));
            Assert.True(MerkleProofs.VerifyInclusion(index, size, Leaves[index], path, Root(size)));
            Assert.True(Rfc9162Verifier.VerifyInclusion(index, size, Leaves[index], path, Root(size)));
            Assert.False(MerkleProofs.VerifyInclusion(index, size, Leaves[(index + 1) % 300], path, Root(size)));
        }
    }
}
