using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.PersonalData;

namespace RegionLock.Ledger.IntegrationTests.PersonalData;

/// <summary>
/// Personal-data keys wrapped by a key-encryption key kept out of the database, rotated by re-wrapping; erasures
/// listed outside it and applied again when a backup from before them is restored.
/// </summary>
public sealed class KeyCustodyTests : IAsyncLifetime
{
    private const string Contact = "owner-4412@example.org";
    private readonly string _keys = Directory.CreateTempSubdirectory("regionlock-key-custody-").FullName;
    private ConfiguredLedger _ledger = null!;

    private (string, string)[] Settings(string kek, params string[] previous) =>
    [
        ("PersonalData:KeyEncryptionKeyFile", kek), ("PersonalData:ErasureListFile", Path.Combine(_keys, "erasures.list")),
        ("Integrity:SealKeyFile", Path.Combine(_keys, "seal.key")), ("Integrity:SigningKeyFile", Path.Combine(_keys, "checkpoint.pem")),
        ("Integrity:LogKeyFile", Path.Combine(_keys, "log.pem")), ("Auth:SigningKeyFile", Path.Combine(_keys, "token.pem")),
        .. previous.Select((file, i) => ($"PersonalData:PreviousKeyEncryptionKeyFiles:{i}", file)),
    ];

    private string Kek(string name)
    {
        var file = Path.Combine(_keys, name);
        File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return file;
    }

    public async Task InitializeAsync()
    {
        _ledger = new ConfiguredLedger("ledger_key_custody_tests", Settings(Kek("kek-1.key")));
        await _ledger.InitializeAsync();
    }

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private async Task<Guid> AppealWithContact()
    {
        var devices = new DeviceApi(_ledger.Client);
        var imei = await devices.Register();
        return await new CaseApi(_ledger.Client).FileAppeal(imei, (await devices.Lock(imei, "IR", "seen in Iran")).LockId, Contact);
    }

    private static async Task<string?> ContactAsRead(IAlbaHost host, Guid appeal) =>
        (await (await host.ClientAs().GetAsync($"/api/appeals/{appeal}")).Read<JsonElement>()).GetProperty("contact").GetString();

    [Fact]
    public async Task a_backup_restored_from_before_an_erasure_does_not_bring_the_contact_back()
    {
        var appeal = await AppealWithContact();
        Assert.Equal(60, await _ledger.Scalar($"select length(key) from {PersonalDataVault.KeyTable} where subject = '{appeal}'")); // wrapped: nonce, key, tag
        var backup = Path.Combine(_keys, "before-erasure.dump");
        await Postgres("pg_dump", _ledger.ConnectionString, "--format=custom", $"--file={backup}");

        await (await _ledger.Client.Post($"/api/appeals/{appeal}/erase-personal-data", new { reason = "data subject's request" })).Read<object>();
        Assert.Equal(PersonalDataVault.Erased, await ContactAsRead(_ledger.Host, appeal));
        Assert.Contains(appeal.ToString(), await File.ReadAllTextAsync(Path.Combine(_keys, "erasures.list")));

        var restored = await RestoredDatabase(backup);
        await using var ledger = new ExistingLedger(restored, Settings(Path.Combine(_keys, "kek-1.key")));
        await ledger.InitializeAsync();

        Assert.Equal(PersonalDataVault.Erased, await ContactAsRead(ledger.Host, appeal));
        Assert.Equal(1, await ledger.Scalar($"select count(*) from ledger.mt_events where stream_id = '{appeal}' and type = 'personal_data_erased' " +
                                            "and data ->> 'reason' like '%applied again from the erasure list after a restore'"));
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        var report = await ledger.Verify();
        Assert.True(report.Intact, string.Join("; ", report.Findings));
    }

    [Fact]
    public async Task rotating_the_key_encryption_key_rewraps_every_subject_key_and_the_old_key_is_no_longer_needed()
    {
        var appeal = await AppealWithContact();
        var old = Path.Combine(_keys, "kek-1.key");
        var current = Kek("kek-2.key");

        await using (var rotating = await LedgerFixture.StartService(_ledger.ConnectionString, Settings(current, old)))
            Assert.True(await rotating.Services.GetRequiredService<PersonalDataVault>().Rewrap(CancellationToken.None) >= 1);

        await using var rotated = await LedgerFixture.StartService(_ledger.ConnectionString, Settings(current));
        Assert.Equal(Contact, await ContactAsRead(rotated, appeal));
        Assert.Equal(0, await _ledger.Scalar($"select count(*) from {PersonalDataVault.KeyTable} where key is not null and kek_id <> " +
                                             $"'{rotated.Services.GetRequiredService<KeyEncryptionKeys>().CurrentId}'"));
    }

    /// <summary>A database of its own made from a pg_dump archive.</summary>
    private static async Task<string> RestoredDatabase(string backup)
    {
        var restored = new NpgsqlConnectionStringBuilder(await TestDatabase.EnsureCreated("ledger_key_custody_restored"));
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(restored.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("drop database ledger_key_custody_restored with (force)", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("create database ledger_key_custody_restored", connection).ExecuteNonQueryAsync();
        }
        await Postgres("pg_restore", restored.ConnectionString, "--exit-on-error", backup);
        return restored.ConnectionString;
    }

    private static async Task Postgres(string tool, string connectionString, params string[] args)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo($"/usr/lib/postgresql/15/bin/{tool}") { RedirectStandardError = true };
        foreach (var arg in new[] { $"--host={cs.Host}", $"--port={cs.Port}", $"--username={cs.Username}", $"--dbname={cs.Database}" }.Concat(args))
            start.ArgumentList.Add(arg);
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {errors}");
    }
}
