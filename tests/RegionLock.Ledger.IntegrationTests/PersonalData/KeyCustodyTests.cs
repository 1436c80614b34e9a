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
/// Personal-data keys wrapped by a key-encryption key kept out of the database, rotated by re-wrapping. (An erasure
/// applied again after a restore from before it: PointInTimeRecoveryTests.)
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
    public async Task rotating_the_key_encryption_key_rewraps_every_subject_key_and_the_old_key_is_no_longer_needed()
    {
        var appeal = await AppealWithContact();
        Assert.Equal(60, await _ledger.Scalar($"select length(key) from {PersonalDataVault.KeyTable} where subject = '{appeal}'")); // wrapped: nonce, key, tag
        var old = Path.Combine(_keys, "kek-1.key");
        var current = Kek("kek-2.key");

        await using (var rotating = await LedgerFixture.StartService(_ledger.ConnectionString, Settings(current, old)))
            Assert.True(await rotating.Services.GetRequiredService<PersonalDataVault>().Rewrap(CancellationToken.None) >= 1);

        await using var rotated = await LedgerFixture.StartService(_ledger.ConnectionString, Settings(current));
        Assert.Equal(Contact, await ContactAsRead(rotated, appeal));
        Assert.Equal(0, await _ledger.Scalar($"select count(*) from {PersonalDataVault.KeyTable} where key is not null and kek_id <> " +
                                             $"'{rotated.Services.GetRequiredService<KeyEncryptionKeys>().CurrentId}'"));
    }
}
