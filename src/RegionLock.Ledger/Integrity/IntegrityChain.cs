using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Services;
using Marten.Subscriptions;
using Npgsql;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Extends the hash chain and the stored Merkle tree as events arrive. Marten's async daemon hands pages of events to this subscription in
/// global sequence order, only past the high-water mark (no gap below it will fill later), so the chain's order is
/// certain; the chain's rows and the tree hashes they complete are written in the same transaction that records the
/// subscription's progress. A page costs O(its events + log n): the tree is read only at its right edge. Only events
/// the service sealed are chained; any other is refused, recorded with the reason, and never chained.
/// chain(i) = SHA-256(chain(i-1) || leafHash(i)), chain(-1) = 32 zero bytes.
/// </summary>
public sealed class IntegrityChain : SubscriptionBase
{
    private readonly NpgsqlDataSource _database;
    private readonly StoredTree _tree;
    private readonly EventSealer _sealer;
    private readonly TimeProvider _clock;
    private readonly GrowthListener _grown;

    public IntegrityChain(NpgsqlDataSource database, StoredTree tree, EventSealer sealer, TimeProvider clock, Log.CheckpointDue due)
    {
        _grown = new GrowthListener(due);
        _database = database;
        _tree = tree;
        _sealer = sealer;
        _clock = clock;
        Name = "IntegrityChain";
        Options.BatchSize = 2000;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
                                                                   IDocumentOperations operations,
                                                                   CancellationToken cancellation)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellation);
        var (index, chain) = await Head(connection, page.SequenceFloor, cancellation);
        var completed = new List<TreeHash>();
        var tree = await _tree.Edge(index + 1, completed, cancellation);

        var serializer = operations.DocumentStore.Options.Serializer();
        var read = page.Events.ToDictionary(e => e.Sequence, e => (e.Id, Refusal: _sealer.Refusal(e, serializer)));
        var refused = new List<(long Sequence, Guid? EventId, string Reason)>();

        var sequences = new List<long>();
        var indexes = new List<long>();
        var leafHashes = new List<byte[]>();
        var chainHashes = new List<byte[]>();
        await foreach (var leaf in EventLeaves.Read(connection, page.SequenceFloor, page.SequenceCeiling, cancellation))
        {
            if (!read.TryGetValue(leaf.Sequence, out var e) || e.Refusal is not null)
            {
                refused.Add((leaf.Sequence, read.ContainsKey(leaf.Sequence) ? e.Id : null,
                             e.Refusal ?? "the service cannot read it as an event"));
                continue;
            }
            var leafHash = leaf.Hash();
            chain = HashChain.Next(chain, leafHash);
            tree.Append(leafHash, completed);
            sequences.Add(leaf.Sequence);
            indexes.Add(++index);
            leafHashes.Add(leafHash);
            chainHashes.Add(chain);
        }

        if (sequences.Count > 0)
        {
            operations.QueueSqlCommand(
                $"insert into {IntegritySchema.ChainTable} (sequence, leaf_index, leaf_hash, chain_hash) " +
                "select * from unnest(?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[])",
                sequences.ToArray(), indexes.ToArray(), leafHashes.ToArray(), chainHashes.ToArray());
        }
        if (completed.Count > 0)
        {
            // "do nothing": a ledger chained before the tree was stored gets its missing hashes with this page.
            operations.QueueSqlCommand(
                $"insert into {IntegritySchema.TreeTable} (level, node_index, hash) " +
                "select * from unnest(?::smallint[], ?::bigint[], ?::bytea[]) on conflict do nothing",
                completed.Select(h => (short)h.Level).ToArray(), completed.Select(h => h.Index).ToArray(),
                completed.Select(h => h.Hash).ToArray());
        }
        if (refused.Count > 0)
        {
            operations.QueueSqlCommand(
                $"insert into {IntegritySchema.RefusedTable} (sequence, event_id, reason, refused_at) " +
                "select s, i, r, ? from unnest(?::bigint[], ?::uuid[], ?::text[]) as x(s, i, r) on conflict do nothing",
                _clock.GetUtcNow(), refused.Select(r => r.Sequence).ToArray(), refused.Select(r => r.EventId).ToArray(),
                refused.Select(r => r.Reason).ToArray());
        }
        return sequences.Count > 0 ? _grown : NullChangeListener.Instance;
    }

    /// <summary>Once a page that grew the chain is committed, a checkpoint is due.</summary>
    private sealed class GrowthListener(Log.CheckpointDue due) : IChangeListener
    {
        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            due.Raise();
            return Task.CompletedTask;
        }

        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }

    /// <summary>The last leaf index and chain hash below the page (-1 and zeros when the chain is empty).</summary>
    private static async Task<(long Index, byte[] Chain)> Head(NpgsqlConnection connection, long floor,
                                                              CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select leaf_index, chain_hash from {IntegritySchema.ChainTable} where sequence <= $1 order by sequence desc limit 1",
            connection) { Parameters = { new() { Value = floor } } };
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? (reader.GetInt64(0), (byte[])reader[1])
            : (-1, HashChain.Start);
    }
}

public static class HashChain
{
    public static readonly byte[] Start = new byte[MerkleTree.HashSize];

    public static byte[] Next(byte[] previous, byte[] leafHash)
    {
        Span<byte> buffer = stackalloc byte[2 * MerkleTree.HashSize];
        previous.CopyTo(buffer);
        leafHash.CopyTo(buffer[MerkleTree.HashSize..]);
        return System.Security.Cryptography.SHA256.HashData(buffer);
    }
}
