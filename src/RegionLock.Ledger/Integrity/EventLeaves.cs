using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;

namespace RegionLock.Ledger.Integrity;

/// <summary>One event in its canonical encoding: the bytes the chain and the Merkle tree hash.</summary>
public sealed record EventLeaf(long Sequence, byte[] Encoding)
{
    public byte[] Hash() => MerkleTree.LeafHash(Encoding);
}

/// <summary>
/// The canonical encoding of an event, written in SQL so that anyone with read access to the database (or an export
/// of these lines) can produce the same bytes: a JSON object built by PostgreSQL's jsonb_build_object and printed by
/// jsonb's text output, which orders keys and spaces values one fixed way. It covers the global sequence, the event
/// id, stream key, stream version, type, recording time (UTC, microseconds), data and the metadata that says who,
/// why and under which request: user name, correlation and causation ids, headers.
/// </summary>
public static class EventLeaves
{
    public static readonly string EncodingSql = $"""
        jsonb_build_object(
          'sequence', seq_id, 'id', id, 'stream', stream_id, 'version', version, 'type', type,
          'recordedAt', to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          'data', data, 'userName', user_name, 'correlationId', correlation_id, 'causationId', causation_id,
          'headers', headers)::text
        """;

    /// <summary>The canonical encodings of the chained events of leaf indexes [first, first + count), in leaf order.</summary>
    public static async Task<List<byte[]>> ByLeafIndex(NpgsqlDataSource database, long first, int count,
                                                       CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select {EncodingSql} from {IntegritySchema.ChainTable} c join {LedgerSchema.EventTable} e on e.seq_id = c.sequence " +
            "where c.leaf_index >= $1 and c.leaf_index < $2 order by c.leaf_index");
        command.Parameters.Add(new NpgsqlParameter { Value = first });
        command.Parameters.Add(new NpgsqlParameter { Value = first + count });
        var entries = new List<byte[]>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) entries.Add(Encoding.UTF8.GetBytes(reader.GetString(0)));
        return entries;
    }

    /// <summary>The events with sequence in (after, through], in order, streamed.</summary>
    public static async IAsyncEnumerable<EventLeaf> Read(NpgsqlConnection connection, long after, long through,
                                                         [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select seq_id, {EncodingSql} from {LedgerSchema.EventTable} where seq_id > $1 and seq_id <= $2 order by seq_id", connection)
        {
            Parameters = { new() { Value = after }, new() { Value = through } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return new EventLeaf(reader.GetInt64(0), Encoding.UTF8.GetBytes(reader.GetString(1)));
    }
}
