using System.Runtime.CompilerServices;
using Npgsql;

namespace RegionLock.Ledger.Integrity;

/// <summary>Reads of the integrity tables: the chain's rows and the checkpoints.</summary>
public sealed class ChainStore(NpgsqlDataSource database)
{
    public async Task<IReadOnlyList<Checkpoint>> Checkpoints(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select tree_size, last_sequence, root_hash, chain_hash, created_at, key_id, signature from {IntegritySchema.CheckpointTable} order by tree_size");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var checkpoints = new List<Checkpoint>();
        while (await reader.ReadAsync(cancellation))
        {
            checkpoints.Add(new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3],
                                           reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), (byte[])reader[6]));
        }
        return checkpoints;
    }

    /// <summary>Events recorded past the chain's head: zero once the async daemon has chained everything.</summary>
    public async Task<long> Unchained(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select count(*) from {Infrastructure.LedgerHost.EventTable} " +
            $"where seq_id > coalesce((select max(sequence) from {IntegritySchema.ChainTable}), 0)");
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public async Task<Checkpoint?> LatestCheckpoint(CancellationToken cancellation) =>
        (await Checkpoints(cancellation)).LastOrDefault();

    /// <summary>Leaf hashes of the first <paramref name="count"/> leaves, in order (what proofs are computed from).</summary>
    public async Task<List<byte[]>> LeafHashes(long count, CancellationToken cancellation)
    {
        var hashes = new List<byte[]>();
        await foreach (var row in Rows(count, cancellation)) hashes.Add(row.LeafHash);
        return hashes;
    }

    public async Task<long?> LeafIndexOf(long sequence, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select leaf_index from {IntegritySchema.ChainTable} where sequence = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return await command.ExecuteScalarAsync(cancellation) as long?;
    }

    /// <summary>The chain's rows by leaf index, streamed.</summary>
    public async IAsyncEnumerable<ChainRow> Rows(long count, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select sequence, leaf_index, leaf_hash, chain_hash from {IntegritySchema.ChainTable} where leaf_index < $1 order by leaf_index");
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return new ChainRow(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3]);
    }
}

public sealed record ChainRow(long Sequence, long LeafIndex, byte[] LeafHash, byte[] ChainHash);
