using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>A ledger of its own that the integrity tests wipe, fill, chain and then tamper with.</summary>
public sealed class IntegrityFixture() : LedgerFixture("ledger_integrity_tests")
{
    private const string Events = LedgerSchema.EventTable;

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

    /// <summary>The sequences of the events of the ledger (not Marten's tombstones), in order.</summary>
    public async Task<List<long>> Sequences()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select seq_id from {Events} where type <> 'tombstone' order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return sequences;
    }

    /// <summary>Runs SQL as the database superuser would: triggers off, straight at the tables.</summary>
    public async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task<long> Scalar(string sql) => TestDatabase.Scalar(ConnectionString, sql);
}

[CollectionDefinition(Name)]
public sealed class IntegrityCollection : ICollectionFixture<IntegrityFixture>
{
    public const string Name = "integrity";
}
