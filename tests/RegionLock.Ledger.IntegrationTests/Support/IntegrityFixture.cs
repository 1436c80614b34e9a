using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>A ledger of its own that the integrity tests wipe, fill, chain and then tamper with.</summary>
public sealed class IntegrityFixture() : LedgerFixture("ledger_integrity_tests")
{
    /// <summary>The service's settings, for its commands run as processes (`verify`) with the same keys.</summary>
    public Dictionary<string, string?> CommandSettings { get; private set; } = [];

    protected override IEnumerable<(string Key, string Value)> Settings(string connectionString)
    {
        CommandSettings = LocalKeys.Settings(connectionString);
        return CommandSettings.Where(setting => setting.Key.Contains("KeyFile") || setting.Key.Contains("CreateDevelopmentKey"))
            .Select(setting => (setting.Key, setting.Value!));
    }

    public Task Reset() => TestDatabase.Wipe(Host, ConnectionString);

    /// <summary>Registers devices, waits for the chain and signs a checkpoint over their events.</summary>
    public async Task RegisterAndSign(int devices)
    {
        var api = new DeviceApi(Client);
        for (var i = 0; i < devices; i++) await api.Register();
        await ChainCaughtUp();
        await SignCheckpoint();
    }

    /// <summary>A JSON answer of the service.</summary>
    public async Task<System.Text.Json.JsonElement> Get(string url) =>
        await (await Client.GetAsync(url)).Read<System.Text.Json.JsonElement>();

    /// <summary>A hash as the integrity endpoints write it (lower-case hex).</summary>
    public static byte[] Hash(System.Text.Json.JsonElement hex) => Convert.FromHexString(hex.GetString()!);

}

[CollectionDefinition(Name)]
public sealed class IntegrityCollection : ICollectionFixture<IntegrityFixture>
{
    public const string Name = "integrity";
}
