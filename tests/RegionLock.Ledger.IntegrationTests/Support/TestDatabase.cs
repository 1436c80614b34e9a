using Npgsql;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// The integration tests' own database on the PostgreSQL that ops/test starts (or the one ConnectionStrings__Ledger
/// names): created when missing, so the tests never touch the database the service runs on.
/// </summary>
public static class TestDatabase
{
    public const string Name = "ledger_tests";

    public static async Task<string> EnsureCreated()
    {
        var server = new NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable("ConnectionStrings__Ledger")
            ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=ledger");
        var tests = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Name };

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
        {
            Parameters = { new() { Value = Name } },
        };
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"create database {Name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return tests.ConnectionString;
    }
}
