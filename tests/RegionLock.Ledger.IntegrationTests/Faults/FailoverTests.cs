using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;
using Xunit.Abstractions;

namespace RegionLock.Ledger.IntegrationTests.Faults;

/// <summary>
/// A primary and its synchronous standby (remote_apply) from ops/postgres; the service on both through a multi-host
/// connection string; writers running. Every process of the primary is SIGKILLed and the standby promoted (as Patroni
/// would): the service finds the new primary by itself, every write acknowledged before the kill is on it, the chain
/// and the tree go on from where they were, and the ledger verifies intact.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    [Fact]
    public async Task the_primary_killed_and_its_standby_promoted_the_service_goes_on_and_no_acknowledged_write_is_lost()
    {
        await using var postgres = await OwnPostgres.Start();
        await postgres.StartStandby();
        await using var service = await LedgerFixture.StartService(postgres.PairConnectionString, ("Integrity:CheckpointSeconds", "1"));
        var client = service.ClientAs();
        var acknowledged = new ConcurrentQueue<string>();
        var unavailable = 0;
        var unexpected = new ConcurrentQueue<string>();
        using var done = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var imei = TestImei.Next();
                var response = await client.Post("/api/devices", new { imei, model = "Phone 12", salesMarket = "AE" });
                if (response.StatusCode == HttpStatusCode.Created) acknowledged.Enqueue(imei);
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // A client as the problem asks: after Retry-After (every failed append also costs the service a
                    // placeholder write for its sequence numbers).
                    Interlocked.Increment(ref unavailable);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                }
                else unexpected.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })).ToArray();

        await Eventually.Until(() => acknowledged.Count >= 100, "writes before the failover");
        long treeBefore = 0;
        await Eventually.Until(async () => (treeBefore = await LatestTreeSize(postgres.ConnectionString)) > 0, "a checkpoint before the failover");
        postgres.KillPrimary();
        var beforeTheKill = acknowledged.ToArray();
        var clock = Stopwatch.StartNew();
        // A manager takes a moment to decide: meanwhile no server accepts writes, and every request must say so (503).
        await Task.Delay(TimeSpan.FromSeconds(1));
        await postgres.Promote();
        output.WriteLine($"primary killed after {beforeTheKill.Length} acknowledged writes; standby promoted {clock.ElapsedMilliseconds} ms after");
        await Eventually.Until(() => acknowledged.Count >= beforeTheKill.Length + 100, "writes on the promoted standby", 120);
        output.WriteLine($"writes acknowledged again {clock.ElapsedMilliseconds} ms after the kill; {unavailable} answered 503 meanwhile");
        await done.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Empty(unexpected);
        var recorded = await Registered(postgres.StandbyConnectionString);
        Assert.All(acknowledged, imei => Assert.Contains(imei, recorded));
        // Read on the new primary itself: the service's pool may still hold a connection to the dead one.
        await using (var promoted = Npgsql.NpgsqlDataSource.Create(postgres.StandbyConnectionString))
            await Eventually.Until(async () => await new ChainStore(promoted).Unchained(CancellationToken.None) == 0,
                                   "the chain going on after the failover", 120);
        var events = await TestDatabase.Scalar(postgres.StandbyConnectionString, $"select count(*) from {LedgerSchema.EventTable}");
        await Eventually.Until(async () => await LatestTreeSize(postgres.StandbyConnectionString) == events, "a checkpoint over every event", 60);
        Assert.True(events > treeBefore);
        var report = await service.Services.GetRequiredService<Verification>().RunAsync(null, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Findings) + report.Unverifiable);
    }

    private static Task<long> LatestTreeSize(string connectionString) =>
        TestDatabase.Scalar(connectionString, $"select coalesce(max(tree_size), 0) from {IntegritySchema.CheckpointTable}");

    private static async Task<HashSet<string>> Registered(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"select stream_id from {LedgerSchema.EventTable} where type = 'device_registered'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var imeis = new HashSet<string>();
        while (await reader.ReadAsync()) imeis.Add(reader.GetString(0));
        return imeis;
    }
}
