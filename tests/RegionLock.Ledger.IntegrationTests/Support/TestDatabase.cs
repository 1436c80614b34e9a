using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Infrastructure.Writes;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// The integration tests' own databases on the PostgreSQL that ops/test starts (or the one ConnectionStrings__Ledger
/// names): created when missing, so the tests never touch the database the service runs on.
/// </summary>
public static class TestDatabase
{
    public static async Task<string> EnsureCreated(string name)
    {
        var server = new NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable("ConnectionStrings__Ledger")
            ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=ledger");
        var tests = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return tests.ConnectionString;
    }

    /// <summary>
    /// Empties every table of the ledger's schema as a superuser would (triggers off: the record is append-only for
    /// everyone else), with the projection daemon paused so that it starts again from the first event. The event
    /// sequence starts again at 1 too: new events after a gap from 0 would keep the daemon waiting for the gap to fill.
    /// </summary>
    public static async Task Wipe(IHost service, string connectionString)
    {
        var daemon = service.Services.GetRequiredService<IProjectionCoordinator>();
        await daemon.PauseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var wipe = new NpgsqlCommand(
                $$"""
                set session_replication_role = replica;
                do $wipe$ declare tables text; begin
                  select string_agg(format('%I.%I', schemaname, tablename), ', ') into tables
                  from pg_tables where schemaname = '{{LedgerSchema.Name}}';
                  if tables is not null then execute 'truncate ' || tables; end if;
                end $wipe$;
                select setval('{{LedgerSchema.EventSequence}}', 1, false);
                """, connection);
            await wipe.ExecuteNonQueryAsync();
        }
        await daemon.ResumeAsync();
    }

    /// <summary>How many events carry each Idempotency-Key (the key every write of a request is recorded with).</summary>
    public static async Task<Dictionary<string, long>> EventsByIdempotencyKey(string connectionString)
    {
        var key = CommandMetadata.Keys.IdempotencyKey;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            $"select headers->>'{key}', count(*) from {LedgerSchema.EventTable} where headers ? '{key}' group by 1", connection);
        var recorded = new Dictionary<string, long>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) recorded[reader.GetString(0)] = reader.GetInt64(1);
        return recorded;
    }

    public static async Task<long> Scalar(string connectionString, string sql) => Convert.ToInt64(await Execute(connectionString, sql));

    /// <summary>Runs one statement and answers its first value, if any.</summary>
    public static async Task<object?> Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Every event in the ledger. Marten's tombstones (placeholders it writes for the sequence numbers of a
    /// transaction that failed) are no events of the ledger.
    /// </summary>
    public static Task<long> CountEvents(string connectionString) =>
        Scalar(connectionString, $"select count(*) from {LedgerSchema.EventTable} where type <> 'tombstone'");
}
