using Npgsql;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Compatibility;

/// <summary>
/// A ledger as a release recorded it, kept as files: the rows of the record (streams, events, the daemon's progress
/// through them) and of its tamper evidence (chain, stored tree, signed checkpoints), each table as PostgreSQL's
/// CSV with a header, and the five reports it gave. Projections are not kept: a later release rebuilds them.
/// </summary>
public sealed class GoldenLedger(string folder)
{
    // In the order they load: streams before their events. The daemon's progress keeps the chain from being redone.
    private static readonly (string Table, string Rows)[] Tables =
    [
        ("mt_streams", "select * from {0} order by id"),
        ("mt_events", "select * from {0} order by seq_id"),
        ("mt_event_progression", "select name, last_seq_id from {0} where name not like 'HighWater%' order by name"),
        ("integrity_chain", "select * from {0} order by sequence"),
        ("integrity_tree", "select * from {0} order by level, node_index"),
        ("integrity_checkpoints", "select * from {0} order by tree_size"),
    ];

    /// <summary>The reports' period and moment of knowledge: fixed, so that a later day gives the same files.</summary>
    public static readonly ReportsAsOf Reports = new("2021-09-01", "2022-01-01", "2100-01-01T00:00:00Z");

    public string Folder { get; } = folder;

    public static GoldenLedger Named(string name) =>
        new(Path.Combine(Tool.RepositoryRoot(), "tests", "RegionLock.Ledger.IntegrationTests", "Compatibility", name));

    public string Report(string name) => Path.Combine(Folder, "reports", $"{name}.csv");

    /// <summary>Writes every kept table of the ledger at <paramref name="connectionString"/> into the folder.</summary>
    public async Task Save(string connectionString)
    {
        Directory.CreateDirectory(Folder);
        await using var connection = await Open(connectionString);
        foreach (var (table, rows) in Tables)
        {
            using var export = await connection.BeginTextExportAsync(
                $"copy ({string.Format(rows, Qualified(table))}) to stdout (format csv, header true)");
            await File.WriteAllTextAsync(Path.Combine(Folder, $"{table}.csv"), await export.ReadToEndAsync());
        }
    }

    /// <summary>Loads the kept tables into the (wiped) ledger at <paramref name="connectionString"/>.</summary>
    public async Task Load(string connectionString)
    {
        await using var connection = await Open(connectionString);
        foreach (var (table, _) in Tables)
        {
            var file = Path.Combine(Folder, $"{table}.csv");
            var header = File.ReadLines(file).First();
            await using (var import = await connection.BeginTextImportAsync(
                             $"copy {Qualified(table)} ({header}) from stdin (format csv, header true)"))
            {
                await import.WriteAsync(await File.ReadAllTextAsync(file));
            }
        }
        await using var sequence = new NpgsqlCommand(
            $"select setval('{LedgerSchema.EventSequence}', (select max(seq_id) from {LedgerSchema.EventTable}))", connection);
        await sequence.ExecuteScalarAsync();
    }

    // UTC and ISO dates: the files read the same whoever writes them; triggers off, as a restore from backup runs.
    private static async Task<NpgsqlConnection> Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var settings = new NpgsqlCommand(
            "set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set session_replication_role = replica", connection);
        await settings.ExecuteNonQueryAsync();
        return connection;
    }

    private static string Qualified(string table) => $"{LedgerSchema.Name}.{table}";
}

/// <param name="AsKnownAt">Far ahead: every event of the ledger is known by then, whenever the reports are made.</param>
public sealed record ReportsAsOf(string From, string To, string AsKnownAt);
