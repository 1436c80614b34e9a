using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Marten;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Observing;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 2: observations posted through HTTP on loopback (Kestrel, bearer token, validation, metadata, Marten,
/// enforcement) at a fixed concurrency, beside two references measured in the same run: the platform's limit, a
/// minimal ASP.NET Core endpoint checking the same token and inserting one row in one transaction
/// (<see cref="PlatformReference"/>); and the floor of the event store, the same command through the product's Marten
/// store in process with no HTTP (read the device for writing and the policy in one batch, decide, append, commit).
/// HTTP alone (the same request answered with no token and no database) and the Marten command together bound what
/// any HTTP service doing that command could reach on these cores.
/// </summary>
public static class HttpWrites
{
    // Each side first runs unmeasured under the same load, so that all are measured with their code compiled by the
    // JIT's final tier and their connection pools full: the figures are of a service that has been up a while.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    // The time is split into rounds that alternate between the sides, so that a machine whose speed drifts during the
    // run (a neighbour's load, the CPU's clock) slows all alike and the ratios hold.
    private const int Rounds = 4;

    private sealed class Load
    {
        public Latencies Latencies { get; } = new();
        public int Refused;
        public double Seconds, ServiceCpu, PostgresCpu;
        public double Rate => Latencies.Count / Seconds;
        public double ServiceCpuPerCommand => ServiceCpu * 1000 / Latencies.Count;
        public double PostgresCpuPerCommand => PostgresCpu * 1000 / Latencies.Count;
        public double CpuPerCommand => ServiceCpuPerCommand + PostgresCpuPerCommand;
    }

    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, TimeSpan duration, int connections)
    {
        using var client = ledger.Client(Role.Enforcement);
        await using var reference = await PlatformReference.Start(ledger);
        using var referenceClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = reference.Address };
        referenceClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var sides = new (Func<string, Task<bool>> Command, Load Load)[]
        {
            (imei => Post(referenceClient, imei), new Load()),
            (imei => Observe(ledger.Store, imei), new Load()),
            (imei => Post(client, imei), new Load()),
            (imei => Post(referenceClient, imei, PlatformReference.HttpOnlyPrefix), new Load()),
        };
        foreach (var side in sides) await Drive(side.Command, WarmUp, connections, new Load());
        // What the set-up and the warm-up wrote is vacuumed now, not by autovacuum during a round: a slow request was
        // far likelier while an autovacuum worker ran (59% of those over 50 ms, in 5% of the time).
        await using (var vacuum = ledger.Database.CreateCommand("vacuum (analyze)")) await vacuum.ExecuteNonQueryAsync();
        for (var round = 0; round < Rounds; round++)
            foreach (var side in sides)
            {
                // The hash chain the ledger's writes left behind is extended first, not during another side's round.
                await ledger.ChainCaughtUp(TimeSpan.FromMinutes(2));
                await Drive(side.Command, duration / Rounds, connections, side.Load);
            }
        var (platform, marten, http, httpOnly) = (sides[0].Load, sides[1].Load, sides[2].Load, sides[3].Load);
        // The most any HTTP service could do with the ledger's command on these cores: its CPU per command can be no less
        // than HTTP alone plus the command through Marten alone, and the cores give it as much CPU a second as the
        // reference used.
        var floor = httpOnly.CpuPerCommand + marten.CpuPerCommand;
        var ceiling = platform.Rate * platform.CpuPerCommand / floor;

        const string section = "2. HTTP writes";
        const string platformCase = "minimal ASP.NET Core + Npgsql, same token, one insert per transaction";
        return
        [
            new Figure(section, $"HTTP observations, {connections} connections ({http.Refused:N0} lost a race: 409)", http.Rate, "commands/s",
                       platformCase, platform.Rate, "≥ 50% of the reference", http.Rate / platform.Rate >= 0.5),
            new Figure(section, $"the same command through Marten in process, no HTTP, {connections} writers ({marten.Refused:N0} lost a race)",
                       marten.Rate, "commands/s", platformCase, platform.Rate),
            new Figure(section, "HTTP observations against the same command through Marten in process", http.Rate, "commands/s",
                       "Marten in process", marten.Rate),
            new Figure(section, "HTTP alone: the same request answered with no token and no database (CPU per request)",
                       httpOnly.CpuPerCommand, "ms"),
            new Figure(section, "ceiling on these cores: the reference's CPU a second over (HTTP alone + Marten in process) per command",
                       ceiling, "commands/s", platformCase, platform.Rate),
            new Figure(section, "HTTP observations against that ceiling", http.Rate, "commands/s", "ceiling", ceiling),
            new Figure(section, "HTTP p50 latency", http.Latencies.Percentile(50), "ms", "reference", platform.Latencies.Percentile(50)),
            new Figure(section, "HTTP p99 latency", http.Latencies.Percentile(99), "ms", "reference", platform.Latencies.Percentile(99),
                       "< 50 ms", http.Latencies.Percentile(99) < 50),
            new Figure(section, "CPU per HTTP command: service and load driver", http.ServiceCpuPerCommand, "ms",
                       "reference", platform.ServiceCpuPerCommand),
            new Figure(section, "CPU per HTTP command: PostgreSQL", http.PostgresCpuPerCommand, "ms",
                       "reference", platform.PostgresCpuPerCommand),
            new Figure(section, "CPU per command through Marten in process: the process", marten.ServiceCpuPerCommand, "ms"),
            new Figure(section, "CPU per command through Marten in process: PostgreSQL", marten.PostgresCpuPerCommand, "ms"),
        ];
    }

    private static async Task<bool> Post(HttpClient client, string imei, string prefix = "")
    {
        using var response = await client.PostAsJsonAsync($"{prefix}/api/devices/{imei}/observations",
            new { region = "AE", signal = "gps", observedAt = DateTimeOffset.UtcNow });
        return response.StatusCode == HttpStatusCode.OK; // else 409: two connections raced on one device
    }

    // What the observation endpoint does once its input is checked, with the product's store, listeners included.
    private static async Task<bool> Observe(IDocumentStore store, string imei)
    {
        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var fetched = batch.Events.FetchForWriting<Device>(imei);
        var current = batch.QueryByPlan(CurrentPolicy.Plan);
        await batch.Execute();
        var (device, policy) = (await fetched, await current);
        var now = DateTimeOffset.UtcNow;
        await Observation.Record(session, device, new ObserveDevice("AE", "gps", null, null, now), policy, TimeSpan.FromDays(14), now,
                                 CancellationToken.None);
        try
        {
            await session.SaveChangesAsync();
            return true;
        }
        catch (JasperFx.ConcurrencyException)
        {
            return false; // two writers on one device: the loser appends nothing, as in the product
        }
    }

    // Connections each run commands on random devices back to back until the time is up; adds to the load's tally.
    private static async Task Drive(Func<string, Task<bool>> command, TimeSpan duration, int connections, Load load)
    {
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                if (await command(SyntheticLedger.Imei(Random.Shared.Next(Appends.BulkDevices))))
                    load.Latencies.Add(clock.Elapsed - started);
                else Interlocked.Increment(ref load.Refused);
            }
        })));
        load.Seconds += clock.Elapsed.TotalSeconds;
        var (service, postgres) = cpu.Elapsed();
        load.ServiceCpu += service;
        load.PostgresCpu += postgres;
    }
}
