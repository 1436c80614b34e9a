using RegionLock.Transparency;
using System.Text;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>The stored tree's right edge (C2SP tlog-tiles levels) against the RFC 9162 tree head computed independently.</summary>
public class TreeEdgeTests
{
    private static readonly long[] Sizes = [1, 2, 255, 256, 257, 511, 512, 513, 65_535, 65_536, 65_537];
    private static readonly List<byte[]> Leaves =
        Enumerable.Range(0, 65_537).Select(i => Encoding.UTF8.GetBytes($"{{\"sequence\": {i + 1}}}")).ToList();

    [Fact]
    public void the_root_is_the_rfc_tree_head_at_every_size_around_tile_edges()
    {
        var edge = new TreeEdge();
        foreach (var size in Sizes)
        {
            while (edge.Size < size) edge.Append(MerkleTree.LeafHash(Leaves[(int)edge.Size]), []);
            Assert.Equal(Rfc9162Verifier.TreeHead(Leaves.Take((int)size).ToList()), edge.Root());
        }
    }

    [Fact]
    public void a_completed_hash_is_the_tree_head_of_the_leaves_it_covers()
    {
        var edge = new TreeEdge();
        var completed = new List<TreeHash>();
        foreach (var leaf in Leaves) edge.Append(MerkleTree.LeafHash(leaf), completed);

        Assert.Equal(256 + 1, completed.Count);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (1, (long)i)), completed.Where(h => h.Level == 1).Select(h => (h.Level, h.Index)));
        foreach (var index in new[] { 0, 1, 200, 255 })
            Assert.Equal(Rfc9162Verifier.TreeHead(Leaves.Skip(index * 256).Take(256).ToList()), completed.Single(h => h is { Level: 1 } && h.Index == index).Hash);
        Assert.Equal(Rfc9162Verifier.TreeHead(Leaves.Take(65_536).ToList()), completed.Single(h => h.Level == 2).Hash);
        // A level is complete after the level below it, in the order the leaves complete them.
        Assert.Equal((2, 0L), (completed[^1].Level, completed[^1].Index));
    }

    [Theory]
    [InlineData(255), InlineData(256), InlineData(257), InlineData(65_536), InlineData(65_537)]
    public void an_edge_read_back_from_its_partial_tiles_goes_on_as_the_one_that_was_never_stored(int size)
    {
        var hashes = Leaves.Select(l => MerkleTree.LeafHash(l)).ToList();
        var completed = new List<TreeHash>();
        var whole = new TreeEdge();
        foreach (var hash in hashes.Take(size)) whole.Append(hash, completed);

        var levels = new List<List<byte[]>> { hashes };
        levels.AddRange(completed.GroupBy(h => h.Level).OrderBy(g => g.Key).Select(g => g.OrderBy(h => h.Index).Select(h => h.Hash).ToList()));
        var partialTiles = Enumerable.Range(0, Tiles.Levels(size)).Select(level =>
        {
            var count = Tiles.Count(size, level);
            return (IReadOnlyList<byte[]>)levels[level].Skip((int)(count - count % Tiles.Width)).Take((int)(count % Tiles.Width)).ToList();
        });
        var restored = new TreeEdge(size, partialTiles);

        Assert.Equal(whole.Root(), restored.Root());
        var fromWhole = new List<TreeHash>();
        var fromRestored = new List<TreeHash>();
        foreach (var hash in hashes.Skip(size).Take(300))
        {
            whole.Append(hash, fromWhole);
            restored.Append(hash, fromRestored);
        }
        Assert.Equal(whole.Root(), restored.Root());
        Assert.Equal(fromWhole.Select(h => (h.Level, h.Index, Convert.ToHexString(h.Hash))),
                     fromRestored.Select(h => (h.Level, h.Index, Convert.ToHexString(h.Hash))));
    }

    [Fact]
    public void an_edge_whose_tiles_do_not_fit_its_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TreeEdge(300, [new List<byte[]> { new byte[32] }]));
}
