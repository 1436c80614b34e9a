using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.IntegrationTests.Support;
using Xunit.Abstractions;

namespace RegionLock.Ledger.IntegrationTests.Concurrency;

/// <summary>
/// Twenty enforcement nodes (a principal each) writing to a thousand devices for a minute: observations, locks and
/// unlocks racing each other, some with a version they read earlier. Every accepted command must be in the ledger
/// exactly once, every refused one not at all, and every device's snapshot must equal its folded stream.
/// Runs on a database of its own.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class SustainedWritersTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Writers = 20;
    private const int DeviceCount = 1_000;
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
    private static readonly string[] Regions = ["IR", "CU", "SY", "KP", "AE", "DE"];

    private IAlbaHost _service = null!;
    private string _connectionString = "";
    private readonly ConcurrentDictionary<string, HttpStatusCode> _outcomes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Guid>> _locks = new();
    private readonly ConcurrentDictionary<string, long> _versions = new();

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.EnsureCreated("ledger_sustained_tests");
        _service = await LedgerFixture.StartService(_connectionString);
        await TestDatabase.Wipe(_service, _connectionString);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task twenty_writers_on_a_thousand_devices_for_a_minute_lose_and_double_nothing()
    {
        var clients = Enumerable.Range(0, Writers)
            .Select(n => _service.ClientAs($"pipeline-{n}", Role.Enforcement, Role.Compliance)).ToArray();
        var imeis = Enumerable.Range(0, DeviceCount).Select(_ => TestImei.Next()).Distinct().ToArray();
        await Parallel.ForEachAsync(imeis, new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (imei, _) =>
            Assert.Equal(HttpStatusCode.Created, await Send(clients[0], "/api/devices", new { imei, model = "Phone 12", salesMarket = "AE" }, null)));

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (clock.Elapsed < Duration) await WriteSomething(client, imeis[Random.Shared.Next(imeis.Length)]);
        })));

        var counts = _outcomes.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{_outcomes.Count} commands in {clock.Elapsed.TotalSeconds:F0} s: " +
                         string.Join(", ", counts.Select(c => $"{(int)c.Key}: {c.Value}")));
        Assert.All(counts.Keys, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed }));
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.Conflict) + counts.GetValueOrDefault(HttpStatusCode.PreconditionFailed) > 0,
                    "no writer ever lost a race: the test exercised nothing");

        await AssertEveryAcceptedCommandRecordedOnce();
        await AssertSnapshotsEqualTheirStreams(imeis);
    }

    private async Task WriteSomething(HttpClient client, string imei)
    {
        // Half of the writes name the version last seen for the device, which other writers may have moved on.
        var ifMatch = Random.Shared.Next(2) == 0 && _versions.TryGetValue(imei, out var seen) ? seen : (long?)null;
        var region = Regions[Random.Shared.Next(Regions.Length)];
        switch (Random.Shared.Next(3))
        {
            case 0:
                await Send(client, $"/api/devices/{imei}/observations",
                           new { region, signal = "gps", observedAt = DateTimeOffset.UtcNow }, ifMatch, imei);
                break;
            case 1:
                await Send(client, $"/api/devices/{imei}/locks", new { region, reason = "seen there" }, ifMatch, imei);
                break;
            default:
                if (_locks.TryGetValue(imei, out var locks) && locks.TryPeek(out var lockId))
                    await Send(client, $"/api/devices/{imei}/locks/{lockId}/unlock", new { reason = "error_correction" }, ifMatch, imei);
                break;
        }
    }

    private async Task<HttpStatusCode> Send(HttpClient client, string url, object body, long? ifMatch, string? imei = null)
    {
        var key = Guid.NewGuid().ToString();
        (string, string)[] headers = ifMatch is { } version
            ? [("Idempotency-Key", key), ("If-Match", $"\"{version}\"")]
            : [("Idempotency-Key", key)];
        var response = await client.Post(url, body, headers);
        _outcomes[key] = response.StatusCode;
        if (imei is null || !response.IsSuccessStatusCode) return response.StatusCode;

        using var written = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        _versions.AddOrUpdate(imei, _ => written.RootElement.GetProperty("version").GetInt64(),
                              (_, v) => Math.Max(v, written.RootElement.GetProperty("version").GetInt64()));
        if (written.RootElement.TryGetProperty("lockId", out var lockId))
            _locks.GetOrAdd(imei, _ => new()).Enqueue(lockId.GetGuid());
        else if (url.EndsWith("/unlock") && _locks.TryGetValue(imei, out var locks))
            locks.TryDequeue(out _);
        return response.StatusCode;
    }

    private async Task AssertEveryAcceptedCommandRecordedOnce()
    {
        var recorded = await TestDatabase.EventsByIdempotencyKey(_connectionString);
        var accepted = _outcomes.Where(o => o.Value is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)).Select(o => o.Key).ToHashSet();
        Assert.All(accepted, key => Assert.Equal(1, recorded.GetValueOrDefault(key)));
        Assert.DoesNotContain(recorded.Keys, key => !accepted.Contains(key));
        Assert.Equal(accepted.Count, await TestDatabase.CountEvents(_connectionString));
    }

    private async Task AssertSnapshotsEqualTheirStreams(IEnumerable<string> imeis)
    {
        await using var session = _service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var imei in imeis)
        {
            var snapshot = await session.LoadAsync<Device>(imei);
            var folded = await session.Events.AggregateStreamAsync<Device>(imei);
            Assert.Equal(JsonSerializer.Serialize(folded), JsonSerializer.Serialize(snapshot));
            Assert.Equal((await session.Events.FetchStreamStateAsync(imei))!.Version, snapshot!.Version);
        }
    }
}
