using System.Runtime.CompilerServices;
using Npgsql;

namespace RegionLock.Ledger.Integrity;

/// <summary>Reads of the chain and the checkpoints, each by an index: none costs more as the ledger grows.</summary>
public sealed class ChainStore(NpgsqlDataSource database)
{
    private const string CheckpointColumns = "tree_size, last_sequence, root_hash, chain_hash, created_at, key_id, signature, note";

    /// <summary>The checkpoints of tree sizes above <paramref name="after"/>, in order, streamed.</summary>
    public async IAsyncEnumerable<Checkpoint> Checkpoints(long after, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select {CheckpointColumns} from {IntegritySchema.CheckpointTable} where tree_size > $1 order by tree_size");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) yield return ReadCheckpoint(reader);
    }

    public Task<Checkpoint?> LatestCheckpoint(CancellationToken cancellation) =>
        OneCheckpoint("order by tree_size desc limit 1", null, cancellation);

    public Task<Checkpoint?> Checkpoint(long treeSize, CancellationToken cancellation) =>
        OneCheckpoint("where tree_size = $1", treeSize, cancellation);

    /// <summary>The first checkpoint that covers the event of <paramref name="sequence"/>.</summary>
    public Task<Checkpoint?> FirstCheckpointCovering(long sequence, CancellationToken cancellation) =>
        OneCheckpoint("where last_sequence >= $1 order by last_sequence limit 1", sequence, cancellation);

    /// <summary>The chain's last row: its leaf index + 1 is the size of the tree.</summary>
    public async Task<ChainRow?> Head(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select sequence, leaf_index, leaf_hash, chain_hash from {IntegritySchema.ChainTable} order by leaf_index desc limit 1");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadRow(reader) : null;
    }

    /// <summary>The events past the chain's head that it has not refused: what the async daemon has yet to chain.</summary>
    public const string UnchainedSql =
        $"select e.seq_id, e.timestamp from {Infrastructure.LedgerSchema.EventTable} e " +
        $"where e.seq_id > coalesce((select max(sequence) from {IntegritySchema.ChainTable}), 0) " +
        $"and not exists (select from {IntegritySchema.RefusedTable} r where r.sequence = e.seq_id)";

    /// <summary>
    /// How many events are recorded past the chain's head, and when the oldest of them was recorded. Placeholders
    /// Marten writes for the sequence numbers of a failed append carry no real time (an infinite one): left out.
    /// </summary>
    public async Task<(long Events, DateTimeOffset? Oldest)> Lag(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select count(*), min(timestamp) filter (where isfinite(timestamp)) from ({UnchainedSql}) unchained");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Events recorded past the chain's head: zero once the async daemon has chained everything.</summary>
    public async Task<long> Unchained(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand($"select count(*) from ({UnchainedSql}) unchained");
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>The chain's row of one event, if it is chained.</summary>
    public async Task<ChainRow?> Row(long sequence, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select sequence, leaf_index, leaf_hash, chain_hash from {IntegritySchema.ChainTable} where sequence = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadRow(reader) : null;
    }

    /// <summary>The chain's rows by leaf index, streamed.</summary>
    public async IAsyncEnumerable<ChainRow> Rows(long count, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select sequence, leaf_index, leaf_hash, chain_hash from {IntegritySchema.ChainTable} where leaf_index < $1 order by leaf_index");
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) yield return ReadRow(reader);
    }

    private async Task<Checkpoint?> OneCheckpoint(string condition, long? value, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select {CheckpointColumns} from {IntegritySchema.CheckpointTable} {condition}");
        if (value is { } parameter) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadCheckpoint(reader) : null;
    }

    private static Checkpoint ReadCheckpoint(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3],
            reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), (byte[])reader[6], reader.IsDBNull(7) ? null : reader.GetString(7));

    private static ChainRow ReadRow(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3]);
}

public sealed record ChainRow(long Sequence, long LeafIndex, byte[] LeafHash, byte[] ChainHash)
{
    /// <summary>The size of the tree whose last leaf this row is.</summary>
    public long TreeSize => LeafIndex + 1;
}
