using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;
using Xunit.Abstractions;

namespace RegionLock.Ledger.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stopped and started again under a steady stream of writes, on a cluster of the test's own: while it is
/// down every request is a 503 problem, the service comes back by itself, and no accepted command is lost. A
/// request answered 503 and retried with its Idempotency-Key is applied exactly once.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    private sealed record Write(string Imei, string Key)
    {
        public object Body => new { imei = Imei, model = "Phone 12", salesMarket = "AE" };
        public (string, string) Header => ("Idempotency-Key", Key);
    }

    [Fact]
    public async Task while_postgresql_is_down_requests_are_503_problems_and_afterwards_nothing_accepted_is_lost()
    {
        await using var postgres = await OwnPostgres.Start();
        await using var service = await LedgerFixture.StartService(postgres.ConnectionString);
        var client = service.ClientAs();
        var outcomes = new ConcurrentDictionary<Write, HttpStatusCode>();
        var unexpected = new ConcurrentQueue<string>();
        using var done = new CancellationTokenSource();

        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var write = new Write(TestImei.Next(), Guid.NewGuid().ToString());
                var response = await client.Post("/api/devices", write.Body, write.Header);
                outcomes[write] = response.StatusCode;
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) await response.Problem(HttpStatusCode.ServiceUnavailable);
                else if (response.StatusCode != HttpStatusCode.Created)
                    unexpected.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })).ToArray();

        await Eventually.Until(() => Count(outcomes, HttpStatusCode.Created) >= 50, "writes before the outage");
        await postgres.Stop();
        var createdAtStop = Count(outcomes, HttpStatusCode.Created);
        await Eventually.Until(() => Count(outcomes, HttpStatusCode.ServiceUnavailable) >= 20, "503s while PostgreSQL is down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        await (await client.GetAsync($"/api/devices/{TestImei.Next()}")).Problem(HttpStatusCode.ServiceUnavailable);

        await postgres.Restart();
        await Eventually.Until(() => Count(outcomes, HttpStatusCode.Created) >= createdAtStop + 50, "writes after the restart", seconds: 60);
        await done.CancelAsync();
        await Task.WhenAll(writers);
        output.WriteLine($"{outcomes.Count} writes: {Count(outcomes, HttpStatusCode.Created)} created, " +
                         $"{Count(outcomes, HttpStatusCode.ServiceUnavailable)} answered 503");
        Assert.Empty(unexpected);

        // A client retries what was refused with its key: each is applied now, or was applied once already.
        foreach (var refused in outcomes.Where(o => o.Value == HttpStatusCode.ServiceUnavailable).Select(o => o.Key))
        {
            var retry = await client.Post("/api/devices", refused.Body, refused.Header);
            Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
                        $"{(int)retry.StatusCode}: {await retry.Content.ReadAsStringAsync()}");
        }

        var recorded = await TestDatabase.EventsByIdempotencyKey(postgres.ConnectionString);
        Assert.All(outcomes.Keys, write => Assert.Equal(1, recorded.GetValueOrDefault(write.Key)));
        Assert.Equal(outcomes.Count, recorded.Count);
        var chain = service.Services.GetRequiredService<ChainStore>();
        await Eventually.Until(async () => await chain.Unchained(CancellationToken.None) == 0, "the hash chain catching up", seconds: 60);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static int Count(ConcurrentDictionary<Write, HttpStatusCode> outcomes, HttpStatusCode status) =>
        outcomes.Values.Count(s => s == status);
}
