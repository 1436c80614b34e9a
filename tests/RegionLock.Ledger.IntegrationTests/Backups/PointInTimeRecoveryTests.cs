using System.Diagnostics;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Backups;

/// <summary>
/// ops/backup on a PostgreSQL cluster of the test's own: a restore to an instant between two batches of writes holds
/// exactly the events recorded by then and verifies; a restore to before an erasure does not bring the data back.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class PointInTimeRecoveryTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("regionlock-pitr-").FullName;
    private OwnPostgres _postgres = null!;

    public async Task InitializeAsync()
    {
        // The server runs as the postgres user where the tests run as root: it must reach the backup and the copy.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
        _postgres = await OwnPostgres.Start();
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private (string, string)[] Keys =>
    [
        ("Integrity:SealKeyFile", Path.Combine(_folder, "seal.key")), ("Integrity:SigningKeyFile", Path.Combine(_folder, "checkpoint.pem")),
        ("Integrity:LogKeyFile", Path.Combine(_folder, "log.pem")), ("Auth:SigningKeyFile", Path.Combine(_folder, "token.pem")),
        ("PersonalData:KeyEncryptionKeyFile", Path.Combine(_folder, "kek.key")), ("PersonalData:ErasureListFile", Path.Combine(_folder, "erasures.list")),
    ];

    private async Task Backup(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Tool.RepositoryRoot(), "ops", "backup")) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in _postgres.Environment) start.Environment[name] = value;
        start.Environment["LEDGER_BACKUP_REPO"] = Path.Combine(_folder, "backup");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"ops/backup {string.Join(' ', args)}: {await output} {await errors}");
    }

    private static async Task<List<long>> Sequences(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select seq_id from ledger.mt_events order by seq_id", connection);
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return sequences;
    }

    [Fact]
    public async Task a_restore_to_an_instant_between_two_batches_of_writes_holds_exactly_the_events_recorded_by_then()
    {
        await Backup("setup");
        string instant;
        List<long> recordedByThen;
        await using (var service = await LedgerFixture.StartService(_postgres.ConnectionString, Keys))
        {
            var devices = new DeviceApi(service.ClientAs());
            for (var i = 0; i < 5; i++) await devices.Register();
            await Backup("full");
            await Task.Delay(2000); // pgBackRest records a backup's stop time to the second: the target must be after it
            for (var i = 0; i < 5; i++) await devices.Lock(await devices.Register(), "IR", "seen in Iran");
            recordedByThen = await Sequences(_postgres.ConnectionString);
            instant = await Now(_postgres.ConnectionString);
            await Task.Delay(1500);
            for (var i = 0; i < 5; i++) await devices.Register();
            await Backup("check"); // the last WAL segment archived
        }
        Assert.True((await Sequences(_postgres.ConnectionString)).Count > recordedByThen.Count);

        await Restored(instant, async (copy, ledger) => Assert.Equal(recordedByThen, await Sequences(copy)));
    }

    [Fact]
    public async Task a_restore_to_before_an_erasure_leaves_the_contact_erased_and_records_the_erasure_again()
    {
        await Backup("setup");
        Guid appeal;
        string beforeErasure;
        await using (var service = await LedgerFixture.StartService(_postgres.ConnectionString, Keys))
        {
            var client = service.ClientAs();
            var devices = new DeviceApi(client);
            var imei = await devices.Register();
            appeal = await new CaseApi(client).FileAppeal(imei, (await devices.Lock(imei, "IR", "seen in Iran")).LockId, "owner-9907@example.org");
            await Backup("full");
            await Task.Delay(2000); // after the backup's stop time, to the second
            beforeErasure = await Now(_postgres.ConnectionString);
            await Task.Delay(1000);
            await (await client.Post($"/api/appeals/{appeal}/erase-personal-data", new { reason = "data subject's request" })).Read<object>();
            await Backup("check");
        }

        await Restored(beforeErasure, async (_, ledger) =>
        {
            var read = await (await ledger.Client.GetAsync($"/api/appeals/{appeal}")).Read<System.Text.Json.JsonElement>();
            Assert.Equal(RegionLock.Ledger.PersonalData.PersonalDataVault.Erased, read.GetProperty("contact").GetString());
            Assert.Equal(1, await ledger.Scalar($"select count(*) from ledger.mt_events where stream_id = '{appeal}' and type = 'personal_data_erased' " +
                                                "and data ->> 'reason' like '%applied again from the erasure list after a restore'"));
        });
    }

    /// <summary>
    /// The backup restored to an instant into a fresh data folder, started on a port of its own, served by the service
    /// with the same keys: the check, then the restored ledger verified intact; the copy stopped either way.
    /// </summary>
    private async Task Restored(string instant, Func<string, ExistingLedger, Task> check)
    {
        var restored = Path.Combine(_folder, "restored");
        var port = ServiceProcess.FreePort();
        await Backup("restore", "--time", instant, "--to", restored, "--port", port.ToString());
        try
        {
            var copy = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Port = port }.ConnectionString;
            await using var ledger = new ExistingLedger(copy, Keys);
            await ledger.InitializeAsync();
            await check(copy, ledger);
            await ledger.ChainCaughtUp();
            await ledger.SignCheckpoint();
            var report = await ledger.Verify();
            Assert.True(report.Intact, string.Join("; ", report.Findings));
        }
        finally
        {
            Tool.Run("runuser", "-u", "postgres", "--", Path.Combine(PostgresBin(), "pg_ctl"), "-D", restored, "-m", "immediate", "stop");
        }
    }

    private static async Task<string> Now(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (string)(await new NpgsqlCommand("select now()::text", connection).ExecuteScalarAsync())!;
    }

    private static string PostgresBin() => Directory.GetDirectories("/usr/lib/postgresql").Order().Last() + "/bin";
}
