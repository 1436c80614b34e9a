using System.Text;
using Npgsql;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>A checkpoint the log signed as a C2SP note, and whether it was published.</summary>
public sealed record SignedCheckpoint(long Size, byte[] RootHash, string Note, DateTimeOffset CreatedAt, bool Published);

/// <summary>
/// The transparency log's records in PostgreSQL, each read by an index: the signed notes (beside the checkpoints),
/// the publications, the witnesses' cosignatures and refusals. All are appended, never changed.
/// </summary>
public sealed class LogStore(NpgsqlDataSource database)
{
    private const string Signed =
        $"""
         select c.tree_size, c.root_hash, c.note, c.created_at, exists (select from {IntegritySchema.PublicationTable} p where p.tree_size = c.tree_size)
         from {IntegritySchema.CheckpointTable} c
         """;

    /// <summary>The latest checkpoint with a note: the one to have cosigned and published.</summary>
    public Task<SignedCheckpoint?> LatestSigned(CancellationToken cancellation) =>
        One($"{Signed} where c.note is not null order by c.tree_size desc limit 1", null, cancellation);

    /// <summary>The latest published checkpoint, or the published one of a tree size.</summary>
    public Task<SignedCheckpoint?> Published(long? size, CancellationToken cancellation) => size is null
        ? One($"{Signed} where c.tree_size = (select max(tree_size) from {IntegritySchema.PublicationTable})", null, cancellation)
        : One($"{Signed} where c.tree_size = $1 and exists (select from {IntegritySchema.PublicationTable} p where p.tree_size = c.tree_size)",
              size, cancellation);

    /// <summary>
    /// The published checkpoint as served: the log's note with the stored cosignature lines added (clients ignore
    /// signatures of keys they do not know).
    /// </summary>
    public async Task<(SignedCheckpoint Checkpoint, string Note)?> PublishedNote(long? size, CancellationToken cancellation)
    {
        if (await Published(size, cancellation) is not { } published) return null;
        var note = new StringBuilder(published.Note);
        foreach (var line in await Cosignatures(published.Size, cancellation)) note.Append(line);
        return (published, note.ToString());
    }

    public async Task<List<string>> Cosignatures(long size, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select signature from {IntegritySchema.CosignatureTable} where tree_size = $1 order by witness");
        command.Parameters.Add(new NpgsqlParameter { Value = size });
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) lines.Add(reader.GetString(0));
        return lines;
    }

    /// <summary>The largest tree size the witness cosigned for this ledger (0 if none): the old size to send it.</summary>
    public async Task<long> CosignedSize(string witness, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select coalesce(max(tree_size), 0) from {IntegritySchema.CosignatureTable} where witness = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = witness });
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public Task AddCosignature(long size, string witness, string line, DateTimeOffset at, CancellationToken cancellation) =>
        Execute($"insert into {IntegritySchema.CosignatureTable} (tree_size, witness, signature, cosigned_at) values ($1, $2, $3, $4) on conflict do nothing",
                cancellation, size, witness, line, at);

    public Task AddRefusal(string witness, long size, int status, string answer, string request, DateTimeOffset at,
                           CancellationToken cancellation) =>
        Execute($"insert into {IntegritySchema.WitnessRefusalTable} (id, witness, tree_size, status, answer, request, refused_at) values ($1, $2, $3, $4, $5, $6, $7)",
                cancellation, Guid.CreateVersion7(at), witness, size, status, answer, request, at);

    public Task Publish(long size, DateTimeOffset at, CancellationToken cancellation) =>
        Execute($"insert into {IntegritySchema.PublicationTable} (tree_size, published_at) values ($1, $2) on conflict do nothing",
                cancellation, size, at);

    /// <summary>The latest <paramref name="recent"/> publications without a time-stamp, oldest first.</summary>
    public async Task<List<SignedCheckpoint>> Unstamped(int recent, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"""
             {Signed}
             where c.tree_size in (select tree_size from {IntegritySchema.PublicationTable} order by tree_size desc limit $1)
               and not exists (select from {IntegritySchema.TimestampTable} t where t.tree_size = c.tree_size)
             order by c.tree_size
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = recent });
        var found = new List<SignedCheckpoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) found.Add(ReadSigned(reader));
        return found;
    }

    public Task AddTimestamp(long size, string authority, byte[] reply, DateTimeOffset at, CancellationToken cancellation) =>
        Execute($"insert into {IntegritySchema.TimestampTable} (tree_size, authority, reply, stamped_at) values ($1, $2, $3, $4) on conflict do nothing",
                cancellation, size, authority, reply, at);

    /// <summary>The RFC 3161 reply stored for a published checkpoint, if any.</summary>
    public async Task<byte[]?> Timestamp(long size, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand($"select reply from {IntegritySchema.TimestampTable} where tree_size = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = size });
        return await command.ExecuteScalarAsync(cancellation) as byte[];
    }

    /// <summary>
    /// Published checkpoints older than <paramref name="before"/> without a time-stamp: streamed, for verification.
    /// </summary>
    public async IAsyncEnumerable<(long Size, long LastSequence, DateTimeOffset PublishedAt)> UnstampedBefore(
        DateTimeOffset before, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"""
             select p.tree_size, c.last_sequence, p.published_at from {IntegritySchema.PublicationTable} p
             join {IntegritySchema.CheckpointTable} c on c.tree_size = p.tree_size
             where p.published_at < $1 and not exists (select from {IntegritySchema.TimestampTable} t where t.tree_size = p.tree_size)
             order by p.tree_size
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = before });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>Refusals that are evidence of a fork (409 with a larger size, 422) since the latest publication.</summary>
    public async Task<List<(string Witness, long Size, int Status, string Answer)>> ForkEvidence(CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"""
             select witness, tree_size, status, answer from {IntegritySchema.WitnessRefusalTable}
             where status in (409, 422)
               and refused_at > coalesce((select published_at from {IntegritySchema.PublicationTable} order by tree_size desc limit 1), '-infinity')
             order by refused_at desc limit 20
             """);
        var found = new List<(string, long, int, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) found.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3)));
        return found;
    }

    private async Task Execute(string sql, CancellationToken cancellation, params object[] values)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private async Task<SignedCheckpoint?> One(string sql, long? value, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(sql);
        if (value is { } parameter) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadSigned(reader) : null;
    }

    private static SignedCheckpoint ReadSigned(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
}
