namespace RegionLock.Ledger.Integrity;

/// <summary>
/// The tree laid out as C2SP tlog-tiles lays it out: the hashes of level L are the roots of the perfect subtrees of
/// 256^L leaves (level 0: the leaf hashes), and a tile is 256 consecutive hashes of one level. Only complete hashes
/// are stored; a partial tile is the stored prefix of the tile at the right edge.
/// </summary>
public static class Tiles
{
    public const int Height = 8;
    public const int Width = 1 << Height;

    /// <summary>How many hashes level <paramref name="level"/> holds in a tree of <paramref name="size"/> leaves.</summary>
    public static long Count(long size, int level) => size >> (Height * level);

    /// <summary>The levels that hold at least one hash in a tree of <paramref name="size"/> leaves.</summary>
    public static int Levels(long size)
    {
        var levels = 0;
        while (Count(size, levels) > 0) levels++;
        return levels;
    }
}

/// <summary>A stored hash of the tree: level 0 is a leaf hash, level L ≥ 1 the root of 256^L leaves.</summary>
public readonly record struct TreeHash(int Level, long Index, byte[] Hash);

/// <summary>
/// The right edge of the stored tree: the partial tile of each level. Appending a leaf completes the hashes above it
/// whose 256 children are now all there, and those are what gets stored; the edge alone also gives the root. It is
/// O(log n) in memory, so the chain, the checkpoints and verification can carry a tree of any size.
/// </summary>
public sealed class TreeEdge
{
    private readonly List<List<byte[]>> _tiles = [];

    public TreeEdge()
    {
    }

    /// <param name="size">The tree's size.</param>
    /// <param name="partialTiles">For each level from 0, the hashes of its tile at the right edge.</param>
    public TreeEdge(long size, IEnumerable<IReadOnlyList<byte[]>> partialTiles)
    {
        Size = size;
        foreach (var tile in partialTiles)
        {
            if (tile.Count != Tiles.Count(size, _tiles.Count) % Tiles.Width)
                throw new ArgumentException($"level {_tiles.Count} of a tree of {size} has {Tiles.Count(size, _tiles.Count) % Tiles.Width} hashes at its edge, not {tile.Count}");
            _tiles.Add([.. tile]);
        }
    }

    public long Size { get; private set; }

    /// <summary>Adds a leaf; the hashes it completes at levels 1 and up are added to <paramref name="completed"/>.</summary>
    public void Append(byte[] leafHash, List<TreeHash> completed)
    {
        Size++;
        var hash = leafHash;
        for (var level = 0; ; level++)
        {
            if (_tiles.Count == level) _tiles.Add([]);
            var tile = _tiles[level];
            tile.Add(hash);
            if (tile.Count < Tiles.Width) return;
            hash = MerkleTree.PerfectRoot(tile, 0, Tiles.Width);
            tile.Clear();
            completed.Add(new TreeHash(level + 1, Tiles.Count(Size, level + 1) - 1, hash));
        }
    }

    /// <summary>MTH of the tree: its perfect subtrees, largest first, folded from the right.</summary>
    public byte[] Root()
    {
        var peaks = new List<byte[]>();
        for (var level = _tiles.Count - 1; level >= 0; level--)
        {
            var tile = _tiles[level];
            var offset = 0;
            for (var bit = Tiles.Height - 1; bit >= 0; bit--)
            {
                if ((tile.Count & (1 << bit)) == 0) continue;
                peaks.Add(MerkleTree.PerfectRoot(tile, offset, 1 << bit));
                offset += 1 << bit;
            }
        }
        if (peaks.Count == 0) return MerkleTree.EmptyRoot;
        var root = peaks[^1];
        for (var i = peaks.Count - 2; i >= 0; i--) root = MerkleTree.NodeHash(peaks[i], root);
        return root;
    }
}
