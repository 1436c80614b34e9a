using Npgsql;

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
}
