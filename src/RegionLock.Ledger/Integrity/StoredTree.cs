using Npgsql;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// The Merkle tree as PostgreSQL keeps it: level 0 in the chain (leaf hashes by leaf index), levels 1 and up in the
/// tree table. A root or a proof needs O(log n) perfect subtrees, each the root of at most 128 consecutive hashes of
/// one level, that is part of one tile; they are read in one query, never the leaves of the whole tree.
/// </summary>
public sealed class StoredTree(NpgsqlDataSource database, ChainStore chain)
{
    private static readonly byte[] Unread = new byte[MerkleTree.HashSize];

    public Task<byte[]> Root(long size, CancellationToken cancellation) =>
        Compute(perfect => MerkleTree.Root(size, perfect), cancellation);

    public Task<List<byte[]>> InclusionProof(long size, long index, CancellationToken cancellation) =>
        Compute(perfect => MerkleTree.InclusionProof(size, index, perfect), cancellation);

    public Task<List<byte[]>> ConsistencyProof(long size, long from, CancellationToken cancellation) =>
        Compute(perfect => MerkleTree.ConsistencyProof(size, from, perfect), cancellation);

    /// <summary>
    /// The right edge of the tree of <paramref name="size"/> leaves. A ledger chained before the tree was stored lacks
    /// the hashes above its leaves: they are computed from the chain's leaf hashes once (O(n)) and added to
    /// <paramref name="missing"/> for the caller to store with the next page of the chain.
    /// </summary>
    public async Task<TreeEdge> Edge(long size, List<TreeHash> missing, CancellationToken cancellation)
    {
        // Each level's partial tile, and its last complete hash, which tells that the level is stored up to the edge.
        var ranges = Enumerable.Range(0, Tiles.Levels(size)).Select(level =>
        {
            var count = Tiles.Count(size, level);
            var first = Math.Min(count - count % Tiles.Width, count - 1);
            return new HashRange(level, first, (int)(count - first));
        }).ToList();
        var hashes = await Read(ranges, cancellation);
        if (ranges.All(range => hashes.ContainsKey((range.Level, range.First + range.Count - 1))))
        {
            return new TreeEdge(size, ranges.Select(range => Tiles.Count(size, range.Level) % Tiles.Width == 0
                ? []
                : Enumerable.Range(0, range.Count).Select(i => hashes[(range.Level, range.First + i)]).ToList()));
        }

        var edge = new TreeEdge();
        await foreach (var row in chain.Rows(size, cancellation)) edge.Append(row.LeafHash, missing);
        return edge;
    }

    /// <summary>Runs a computation twice: once to learn which perfect subtrees it needs, then over the hashes read.</summary>
    private async Task<T> Compute<T>(Func<PerfectSubtree, T> computation, CancellationToken cancellation)
    {
        var needed = new List<HashRange>();
        computation((start, height) =>
        {
            needed.Add(HashRange.Of(start, height));
            return Unread;
        });
        var hashes = await Read(needed, cancellation);
        return computation((start, height) =>
        {
            var range = HashRange.Of(start, height);
            var below = new byte[range.Count][];
            for (var i = 0; i < range.Count; i++)
            {
                below[i] = hashes.GetValueOrDefault((range.Level, range.First + i))
                           ?? throw new InvalidOperationException(
                               $"the stored tree lacks hash {range.First + i} of level {range.Level}: it does not reach that size yet");
            }
            return MerkleTree.PerfectRoot(below, 0, range.Count);
        });
    }

    private async Task<Dictionary<(int Level, long Index), byte[]>> Read(List<HashRange> ranges, CancellationToken cancellation)
    {
        var leaves = ranges.Where(range => range.Level == 0).ToList();
        var nodes = ranges.Where(range => range.Level > 0).ToList();
        await using var command = database.CreateCommand(
            $"""
             select 0, c.leaf_index, c.leaf_hash
             from unnest($1::bigint[], $2::bigint[]) r(first, last)
             join {IntegritySchema.ChainTable} c on c.leaf_index between r.first and r.last
             union all
             select t.level, t.node_index, t.hash
             from unnest($3::smallint[], $4::bigint[], $5::bigint[]) r(level, first, last)
             join {IntegritySchema.TreeTable} t on t.level = r.level and t.node_index between r.first and r.last
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = leaves.Select(r => r.First).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = leaves.Select(r => r.Last).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(r => (short)r.Level).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(r => r.First).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = nodes.Select(r => r.Last).ToArray() });
        var hashes = new Dictionary<(int, long), byte[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) hashes[(reader.GetInt32(0), reader.GetInt64(1))] = (byte[])reader[2];
        return hashes;
    }

    /// <summary>Consecutive stored hashes of one level: part of one tile.</summary>
    private readonly record struct HashRange(int Level, long First, int Count)
    {
        public long Last => First + Count - 1;

        /// <summary>The hashes one tile level below the perfect subtree of 2^height leaves at <paramref name="start"/>.</summary>
        public static HashRange Of(long start, int height)
        {
            var level = height / Tiles.Height;
            return new HashRange(level, start >> (Tiles.Height * level), 1 << (height - Tiles.Height * level));
        }
    }
}
