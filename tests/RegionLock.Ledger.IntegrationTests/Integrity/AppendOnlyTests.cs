using Npgsql;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>The database itself refuses to change or remove the record for the application's role.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class AppendOnlyTests(IntegrityFixture ledger) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await new DeviceApi(ledger.Client).Register();
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Changes => new()
    {
        $"update {LedgerSchema.EventTable} set data = '{{}}'",
        $"update {LedgerSchema.EventTable} set is_archived = true",
        $"delete from {LedgerSchema.EventTable}",
        $"truncate {LedgerSchema.EventTable} cascade",
        $"update {IntegritySchema.ChainTable} set chain_hash = leaf_hash",
        $"delete from {IntegritySchema.ChainTable}",
        $"delete from {IntegritySchema.CheckpointTable}",
    };

    [Theory, MemberData(nameof(Changes))]
    public async Task the_application_role_cannot_change_or_remove_the_record(string change)
    {
        var before = await ledger.CountEvents();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Run(ledger.ConnectionString, change));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText);
        Assert.Equal(before, await ledger.CountEvents());
        Assert.True((await ledger.Verify()).Intact);
    }

    [SkippableFact]
    public async Task the_application_database_role_may_read_and_append_the_record_but_not_change_it()
    {
        Skip.If(await ledger.Scalar("select count(*) from pg_roles where rolname = 'ledger_app'") == 0,
                "no ledger_app role on this server (ops/postgres creates it)");

        foreach (var table in AppendOnly.Tables)
        {
            foreach (var (privilege, granted) in new[] { ("SELECT", 1), ("INSERT", 1), ("UPDATE", 0), ("DELETE", 0), ("TRUNCATE", 0) })
            {
                Assert.True(granted == await ledger.Scalar($"select has_table_privilege('ledger_app', '{table}', '{privilege}')::int"),
                            $"ledger_app {(granted == 1 ? "lacks" : "has")} {privilege} on {table}");
            }
        }
        Assert.Equal(1, await ledger.Scalar($"select has_table_privilege('ledger_app', '{LedgerSchema.Name}.mt_streams', 'UPDATE')::int"));
    }

    [Fact]
    public async Task the_application_role_still_appends()
    {
        await new DeviceApi(ledger.Client).Register();
        await ledger.ChainCaughtUp();

        Assert.True((await ledger.Verify()).Intact);
    }

    [Fact]
    public async Task the_admin_role_is_the_one_exception()
    {
        await Run(ledger.ConnectionString, "do $$ begin if not exists (select from pg_roles where rolname = 'ledger_admin') then create role ledger_admin login; end if; end $$");
        await Run(ledger.ConnectionString, $"grant usage on schema {LedgerSchema.Name} to ledger_admin; grant select, update on {LedgerSchema.EventTable} to ledger_admin");

        // Inside a transaction that is rolled back: the admin role may, and verification would see it.
        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var update = new NpgsqlCommand(
            $"set local role ledger_admin; update {LedgerSchema.EventTable} set data = data", connection, transaction);
        Assert.True(await update.ExecuteNonQueryAsync() > 0);
        await transaction.RollbackAsync();
    }

    private static async Task Run(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
