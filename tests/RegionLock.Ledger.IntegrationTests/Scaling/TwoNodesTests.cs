using System.Net;
using Npgsql;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;
using Xunit.Abstractions;

namespace RegionLock.Ledger.IntegrationTests.Scaling;

/// <summary>
/// Two service nodes on one PostgreSQL, as processes on loopback. The first runs the async daemon (the hash chain)
/// and holds the unlocks of a bulk release in its durable inbox when it is killed; the second takes both over: every
/// event chained exactly once, every device unlocked exactly once, the ledger verifies.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class TwoNodesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Devices = 300;
    private string _connectionString = "";
    private Dictionary<string, string?> _settings = [];

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.EnsureCreated("ledger_nodes_tests");
        _settings = LocalKeys.Settings(_connectionString);
        // The same keys as the nodes: every node seals and checks seals with one key.
        await using var schema = await LedgerFixture.StartService(_connectionString,
            _settings.Select(setting => (setting.Key, setting.Value!)).ToArray());
        await TestDatabase.Wipe(schema, _connectionString);
        await (await schema.ClientAs().Post("/api/policy/restrictions",
            new { region = "IR", legalBasis = "31 CFR 560", reason = "sanctions", effectiveFrom = "2021-01-01T00:00:00Z" }))
            .Read<object>(HttpStatusCode.Created);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task when_a_node_is_killed_the_other_takes_over_its_projections_and_its_messages()
    {
        var settings = _settings;
        await using var first = await ServiceProcess.Serve(Node(settings, "node-a"));
        using var toFirst = await first.ClientAs(settings, "enforcement");
        var before = await Register(toFirst);
        await Eventually.Until(ChainedToTheEnd, "the first node chaining its events", 60);
        // The async daemon's leadership (and Wolverine's) is a PostgreSQL advisory lock: the first node holds it.
        Assert.True(await Scalar("select count(*) from pg_locks l join pg_stat_activity a using (pid) " +
                                 "where l.locktype = 'advisory' and a.application_name = 'node-a'") > 0);

        await using var second = await ServiceProcess.Serve(Node(settings, "node-b"));
        using var toSecond = await second.ClientAs(settings, "enforcement");
        // Every device locked under one investigation; closing it with unlock_all sends one durable message per device
        // on the first node, which is killed while it works through them.
        using var officer = await first.ClientAs(settings, "compliance");
        var investigation = (await (await officer.Post("/api/investigations", new { title = "activations", regions = new[] { "IR" } }))
            .Read<System.Text.Json.JsonElement>(HttpStatusCode.Created)).GetProperty("investigationId").GetGuid();
        await Parallel.ForEachAsync(before, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (imei, _) =>
            await (await officer.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "pending", investigationId = investigation }))
                .Read<object>(HttpStatusCode.Created));
        await (await officer.Post($"/api/investigations/{investigation}/close", new { outcome = "unlock_all", findings = "none" }))
            .Read<object>(HttpStatusCode.Accepted);
        await Eventually.Until(async () => await Unlocked() > 0, "the first node starting the unlocks", 60);
        first.Kill();
        var unlockedAtKill = await Unlocked();
        output.WriteLine($"first node killed with {unlockedAtKill} of {Devices} devices unlocked");
        Assert.True(unlockedAtKill < Devices, "the first node finished before it was killed: nothing was taken over");

        await Register(toSecond);
        await Eventually.Until(async () => await Unlocked() >= Devices,
                    "the second node applying the first node's unlock messages", 180);
        await Eventually.Until(ChainedToTheEnd, "the second node extending the chain", 120);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would show here

        Assert.Equal(Devices, await Scalar(
            $"select count(distinct stream_id) from {LedgerSchema.EventTable} where type = 'device_unlocked'"));
        Assert.Equal(Devices, await Scalar($"select count(*) from {LedgerSchema.EventTable} where type = 'device_unlocked'"));
        Assert.Equal(await Scalar($"select count(*) from {LedgerSchema.EventTable}"),
                     await Scalar($"select count(*) from {IntegritySchema.ChainTable}"));
        var (exitCode, report, errors) = await ServiceProcess.Run(settings, "verify");
        Assert.True(exitCode == 0, report + errors);
        Assert.True(System.Text.Json.JsonDocument.Parse(report).RootElement.GetProperty("intact").GetBoolean(), report);
    }

    private static async Task<string[]> Register(HttpClient client)
    {
        var imeis = Enumerable.Range(0, Devices).Select(_ => TestImei.Next()).ToArray();
        await Parallel.ForEachAsync(imeis, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (imei, _) =>
            await (await client.Post("/api/devices", new { imei, model = "Phone 12", salesMarket = "AE" })).Read<object>(HttpStatusCode.Created));
        return imeis;
    }

    private static Dictionary<string, string?> Node(Dictionary<string, string?> settings, string name) =>
        new(settings)
        {
            ["ConnectionStrings:Ledger"] = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Ledger"]!) { ApplicationName = name }.ConnectionString,
        };

    private async Task<bool> ChainedToTheEnd()
    {
        await using var database = NpgsqlDataSource.Create(_connectionString);
        return await new ChainStore(database).Unchained(CancellationToken.None) == 0;
    }

    private Task<long> Scalar(string sql) => TestDatabase.Scalar(_connectionString, sql);

    private Task<long> Unlocked() => Scalar($"select count(*) from {LedgerSchema.EventTable} where type = 'device_unlocked'");

}
