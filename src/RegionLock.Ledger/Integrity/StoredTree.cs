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

    /// <summary>
    /// The stored hashes <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> of a tile level,
    /// in order: a tile's contents (one index range scan). Fewer come back where the tree does not reach that far.
    /// </summary>
    public async Task<List<byte[]>> Hashes(int level, long first, int count, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(level == 0
            ? $"select leaf_hash from {IntegritySchema.ChainTable} where leaf_index >= $1 and leaf_index < $2 order by leaf_index"
            : $"select hash from {IntegritySchema.TreeTable} where level = $3 and node_index >= $1 and node_index < $2 order by node_index");
        command.Parameters.Add(new NpgsqlParameter { Value = first });
        command.Parameters.Add(new NpgsqlParameter { Value = first + count });
        if (level > 0) command.Parameters.Add(new NpgsqlParameter { Value = (short)level });
        var hashes = new List<byte[]>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) hashes.Add((byte[])reader[0]);
        return hashes;
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
        // Each hash by its key, so that every read is a primary-key or unique-index lookup however large the tree.
        var keys = ranges.SelectMany(range => Enumerable.Range(0, range.Count).Select(i => (range.Level, Index: range.First + i)))
            .Distinct().ToList();
        await using var command = database.CreateCommand(
            $"""
             select 0::smallint, leaf_index, leaf_hash from {IntegritySchema.ChainTable} where leaf_index = any($1)
             union all
             select t.level, t.node_index, t.hash
             from unnest($2::smallint[], $3::bigint[]) k(level, node_index)
             join {IntegritySchema.TreeTable} t on t.level = k.level and t.node_index = k.node_index
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Where(k => k.Level == 0).Select(k => k.Index).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Where(k => k.Level > 0).Select(k => (short)k.Level).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Where(k => k.Level > 0).Select(k => k.Index).ToArray() });
        var hashes = new Dictionary<(int, long), byte[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) hashes[(reader.GetInt16(0), reader.GetInt64(1))] = (byte[])reader[2];
        return hashes;
    }

    /// <summary>Consecutive stored hashes of one level: part of one tile.</summary>
    private readonly record struct HashRange(int Level, long First, int Count)
    {
        /// <summary>The hashes one tile level below the perfect subtree of 2^height leaves at <paramref name="start"/>.</summary>
        public static HashRange Of(long start, int height)
        {
            var level = height / Tiles.Height;
            return new HashRange(level, start >> (Tiles.Height * level), 1 << (height - Tiles.Height * level));
        }
    }
}
