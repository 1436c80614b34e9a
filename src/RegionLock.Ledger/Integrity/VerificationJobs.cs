using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace RegionLock.Ledger.Integrity;

/// <summary>A verification of the ledger as an auditor follows it: who asked, how far it got, what it found.</summary>
/// <param name="Status">running, finished, failed (the verifier broke down: see Error), or abandoned (its node stopped).</param>
public sealed record VerificationJob(Guid Id, string Status, string RequestedBy, DateTimeOffset RequestedAt,
                                     long? FromCheckpoint, long EventsTotal, long EventsVerified, double EventsPerSecond,
                                     DateTimeOffset? FinishedAt, VerificationReport? Report, string? Error);

/// <summary>
/// Runs verifications in the background, one at a time per ledger, and keeps every result. A row per verification
/// is its state; the node that accepted it runs it and beats a heartbeat while it does, so a verification whose
/// node died is seen as abandoned and a new one may start. Not a Wolverine message: a verification of a ten-year
/// ledger runs for hours, beyond what a message handler should hold, and a dead node's one is simply asked again.
/// </summary>
public sealed class VerificationJobs(NpgsqlDataSource database, Verification verification,
                                     TimeProvider clock, ILogger<VerificationJobs> log) : BackgroundService
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);
    private const string Columns =
        "id, status, requested_by, requested_at, from_checkpoint, events_total, events_verified, heartbeat_at, finished_at, report, error";

    private readonly Channel<Guid> _accepted = Channel.CreateUnbounded<Guid>();

    /// <summary>Starts a verification, or answers the one that is running (true when this call started it).</summary>
    public async Task<(VerificationJob Job, bool Started)> Start(string requestedBy, long? fromCheckpoint,
                                                                 CancellationToken cancellation)
    {
        var total = await verification.EventsToVerify(fromCheckpoint, cancellation);
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellation);
        await using (var abandon = new NpgsqlCommand(
            $"update {IntegritySchema.VerificationTable} set status = 'abandoned' where status = 'running' and heartbeat_at < $1",
            connection) { Parameters = { new() { Value = now - Abandoned } } })
        {
            await abandon.ExecuteNonQueryAsync(cancellation);
        }
        // The unique index on running verifications lets one insert win; the others answer the running one.
        var id = Guid.CreateVersion7();
        await using var insert = new NpgsqlCommand(
            $"""
             insert into {IntegritySchema.VerificationTable}
               (id, status, requested_by, requested_at, from_checkpoint, events_total, events_verified, heartbeat_at)
             values ($1, 'running', $2, $3, $4, $5, 0, $3) on conflict do nothing
             """, connection)
        {
            Parameters =
            {
                new() { Value = id }, new() { Value = requestedBy }, new() { Value = now },
                new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)fromCheckpoint ?? DBNull.Value },
                new() { Value = total },
            },
        };
        var started = await insert.ExecuteNonQueryAsync(cancellation) == 1;
        if (started) _accepted.Writer.TryWrite(id);
        var job = started ? await Find(id, cancellation) : await Running(cancellation);
        // The running one may have finished between the two statements: then this request starts the next.
        return job is null ? await Start(requestedBy, fromCheckpoint, cancellation) : (job, started);
    }

    public Task<VerificationJob?> Find(Guid id, CancellationToken cancellation) =>
        One("where id = $1", id, cancellation);

    /// <summary>The latest finished verification: what GET /api/integrity/verify answers, without verifying.</summary>
    public Task<VerificationJob?> LatestFinished(CancellationToken cancellation) =>
        One("where status = 'finished' order by finished_at desc limit 1", null, cancellation);

    public async Task<List<VerificationJob>> List(int limit, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select {Columns} from {IntegritySchema.VerificationTable} order by requested_at desc, id desc limit $1");
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await Read(command, cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await foreach (var id in _accepted.Reader.ReadAllAsync(stopping))
        {
            var job = await Find(id, stopping);
            if (job is null) continue;
            try
            {
                await Run(job, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "verification {Id} failed", id);
                await Update(id, "failed", job.EventsVerified, null, e.Message, CancellationToken.None);
            }
        }
    }

    private async Task Run(VerificationJob job, CancellationToken stopping)
    {
        long verified = 0;
        var progress = new Latest(count => Interlocked.Exchange(ref verified, count));
        var running = verification.RunAsync(job.FromCheckpoint, progress, stopping);
        while (await Task.WhenAny(running, Task.Delay(Heartbeat, clock, stopping)) != running)
            await Update(job.Id, "running", Interlocked.Read(ref verified), null, null, stopping);
        var report = await running;
        await Update(job.Id, "finished", report.EventsVerified, report, null, stopping);
    }

    private async Task Update(Guid id, string status, long verified, VerificationReport? report, string? error,
                              CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"""
             update {IntegritySchema.VerificationTable}
             set status = $2, events_verified = $3, heartbeat_at = $4, report = $5,
                 error = $6, finished_at = case when $2 = 'running' then null else $4 end
             where id = $1
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = verified });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = report is null ? DBNull.Value : JsonSerializer.Serialize(report, Json),
        });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private Task<VerificationJob?> Running(CancellationToken cancellation) =>
        One("where status = 'running'", null, cancellation);

    private async Task<VerificationJob?> One(string condition, Guid? id, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand($"select {Columns} from {IntegritySchema.VerificationTable} {condition}");
        if (id is { } value) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (await Read(command, cancellation)).FirstOrDefault();
    }

    private async Task<List<VerificationJob>> Read(NpgsqlCommand command, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var jobs = new List<VerificationJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var status = reader.GetString(1);
            var requestedAt = reader.GetFieldValue<DateTimeOffset>(3);
            var heartbeat = reader.GetFieldValue<DateTimeOffset>(7);
            var verified = reader.GetInt64(6);
            var seconds = (heartbeat - requestedAt).TotalSeconds;
            jobs.Add(new VerificationJob(
                reader.GetGuid(0),
                status == "running" && now - heartbeat > Abandoned ? "abandoned" : status,
                reader.GetString(2), requestedAt, reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt64(5),
                verified, seconds > 0 ? Math.Round(verified / seconds) : 0,
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<VerificationReport>(reader.GetString(9), Json),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return jobs;
    }

    /// <summary>Keeps the latest count synchronously (Progress&lt;T&gt; would post it to the thread pool).</summary>
    private sealed class Latest(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
