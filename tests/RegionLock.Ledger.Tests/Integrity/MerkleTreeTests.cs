using RegionLock.Transparency;
using System.Text;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>The ledger's RFC 9162 tree and proofs, checked by the independent verifier beside this file.</summary>
public class MerkleTreeTests
{
    public static TheoryData<int> Sizes => [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 1000];

    private static List<byte[]> Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes($"{{\"sequence\": {i + 1}}}")).ToList();

    private static List<byte[]> Hashes(List<byte[]> leaves) => leaves.Select(l => MerkleTree.LeafHash(l)).ToList();

    private static byte[] Root(List<byte[]> hashes) => MerkleTree.Root(hashes.Count, MerkleTree.Over(hashes));

    private static List<byte[]> InclusionProof(List<byte[]> hashes, long index) =>
        MerkleTree.InclusionProof(hashes.Count, index, MerkleTree.Over(hashes));

    private static List<byte[]> ConsistencyProof(List<byte[]> hashes, long first) =>
        MerkleTree.ConsistencyProof(hashes.Count, first, MerkleTree.Over(hashes));

    [Fact]
    public void the_empty_tree_and_a_leaf_hash_as_the_rfc_defines_them()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                     Convert.ToHexStringLower(Root([])));
        Assert.Equal(MerkleTree.EmptyRoot, new TreeEdge().Root());
        // SHA-256(0x00): the hash of the empty leaf.
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                     Convert.ToHexStringLower(MerkleTree.LeafHash([])));
    }

    [Theory, MemberData(nameof(Sizes))]
    public void the_root_is_the_tree_head_of_the_rfc(int size)
    {
        var leaves = Leaves(size);
        var expected = Rfc9162Verifier.TreeHead(leaves);

        Assert.Equal(expected, Root(Hashes(leaves)));
        var edge = new TreeEdge();
        foreach (var hash in Hashes(leaves)) edge.Append(hash, []);
        Assert.Equal(expected, edge.Root());
    }

    [Theory, MemberData(nameof(Sizes))]
    public void every_inclusion_proof_verifies(int size)
    {
        var hashes = Hashes(Leaves(size));
        var root = Root(hashes);

        for (var index = 0; index < size; index += size > 64 ? 37 : 1)
        {
            var proof = InclusionProof(hashes, index);
            Assert.True(Rfc9162Verifier.VerifyInclusion(index, size, hashes[index], proof, root), $"leaf {index} of {size}");
        }
    }

    [Theory, MemberData(nameof(Sizes))]
    public void every_consistency_proof_verifies(int size)
    {
        var hashes = Hashes(Leaves(size));
        var root = Root(hashes);

        for (var first = 1; first <= size; first += size > 64 ? 53 : 1)
        {
            var proof = ConsistencyProof(hashes, first);
            var firstRoot = Root(hashes.Take(first).ToList());
            Assert.True(Rfc9162Verifier.VerifyConsistency(first, size, firstRoot, root, proof), $"{first} to {size}");
        }
    }

    [Fact]
    public void a_proof_does_not_verify_a_changed_leaf_or_another_root()
    {
        var hashes = Hashes(Leaves(7));
        var root = Root(hashes);
        var proof = InclusionProof(hashes, 3);

        Assert.False(Rfc9162Verifier.VerifyInclusion(3, 7, MerkleTree.LeafHash("forged"u8), proof, root));
        Assert.False(Rfc9162Verifier.VerifyInclusion(4, 7, hashes[3], proof, root));
        Assert.False(Rfc9162Verifier.VerifyInclusion(3, 7, hashes[3], proof, Root(Hashes(Leaves(8)))));

        var changed = Hashes(Leaves(7));
        changed[1] = MerkleTree.LeafHash("rewritten"u8);
        var consistency = ConsistencyProof(changed, 3);
        Assert.False(Rfc9162Verifier.VerifyConsistency(3, 7, Root(hashes.Take(3).ToList()),
                                                       Root(changed), consistency));
    }
}
