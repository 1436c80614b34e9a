using Npgsql;
using NpgsqlTypes;
using SessionOptions = Marten.Services.SessionOptions;
using RegionLock.Ledger.Telemetry;

namespace RegionLock.Ledger.Reports;

/// <summary>
/// Where a report or an export as known at an instant is read: the instant is settled on the primary first
/// (<see cref="SettledInstant"/>, which says where the primary's WAL stood then); then, where
/// ConnectionStrings:LedgerReports names a standby, on the standby if it has replayed up to there, else on the
/// primary. A standby behind the instant would answer with less than was known at it, and the same report made again
/// later would differ. A lagging standby serves no instant at all: which older instants it already holds cannot be
/// told cheaply (a transaction that began by an instant may have committed late). A synchronous standby
/// (remote_apply) has applied every commit the primary acknowledged, so it serves nearly every report.
/// </summary>
public sealed class ReportSessions(IDocumentStore store, SettledInstant settled, NpgsqlDataSource? standby, ILogger<ReportSessions> log)
{
    public const string StandbyKey = "reports";

    public async Task<ReportReading> Open(DateTimeOffset asKnownAt, CancellationToken cancellation)
    {
        var settledAt = await settled.Await(asKnownAt, cancellation);
        var connection = standby is null ? null : await StandbyHolding(settledAt, cancellation);
        LedgerMetrics.ReportReads.Add(1, new KeyValuePair<string, object?>("server", connection is null ? "primary" : "standby"));
        if (connection is null) return new ReportReading(store.QuerySession(), null);
        // One snapshot for the whole report: replay goes on underneath it.
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        return new ReportReading(store.QuerySession(SessionOptions.ForTransaction(transaction)), connection);
    }

    // A connection to the standby if it has replayed the primary's WAL up to the position, else null.
    private async Task<NpgsqlConnection?> StandbyHolding(NpgsqlLogSequenceNumber position, CancellationToken cancellation)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await standby!.OpenConnectionAsync(cancellation);
            await using var command = new NpgsqlCommand(
                // Promoted since (it is the primary now), or replayed far enough.
                "select not pg_is_in_recovery() or coalesce(pg_last_wal_replay_lsn() >= $1, false)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = position, NpgsqlDbType = NpgsqlDbType.PgLsn });
            if ((bool)(await command.ExecuteScalarAsync(cancellation))!) return connection;
            log.LogInformation("the report standby has not replayed the primary's WAL up to {Position}: reading from the primary", position);
        }
        catch (NpgsqlException e)
        {
            log.LogWarning(e, "the report standby cannot be read: reading from the primary");
        }
        if (connection is not null) await connection.DisposeAsync();
        return null;
    }
}

/// <summary>A report's query session, and the standby connection it reads on, if any (its transaction only reads): both closed together.</summary>
public sealed class ReportReading(IQuerySession session, NpgsqlConnection? connection) : IAsyncDisposable
{
    public IQuerySession Session => session;

    public async ValueTask DisposeAsync()
    {
        await session.DisposeAsync();
        if (connection is not null) await connection.DisposeAsync();
    }
}
