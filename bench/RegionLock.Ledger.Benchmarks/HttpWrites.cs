using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using RegionLock.Ledger.Access;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 2: observations posted through HTTP on loopback (Kestrel, bearer token, validation, metadata, Marten, the
/// enforcement message the observation forwards) at a fixed concurrency, against the same command in process.
/// </summary>
public static class HttpWrites
{
    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, TimeSpan duration, int connections)
    {
        using var client = ledger.Client(Role.Enforcement);
        var latencies = new Latencies();
        var failures = 0;
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var imei = SyntheticLedger.Imei(Random.Shared.Next(Appends.BulkDevices));
                var started = clock.Elapsed;
                using var response = await client.PostAsJsonAsync($"/api/devices/{imei}/observations",
                    new { region = "AE", signal = "gps", observedAt = DateTimeOffset.UtcNow });
                if (response.StatusCode == HttpStatusCode.OK) latencies.Add(clock.Elapsed - started);
                else Interlocked.Increment(ref failures); // 409: two connections raced on one device
            }
        })));
        var rate = latencies.Count / clock.Elapsed.TotalSeconds;
        var (service, postgres) = cpu.Elapsed();
        var directCpu = new CpuMeter();
        var direct = await Appends.OneCommandPerTransaction(ledger, duration, connections);
        var (directService, directPostgres) = directCpu.Elapsed();

        const string section = "2. HTTP writes";
        return
        [
            new Figure(section, $"HTTP observations, {connections} connections ({failures:N0} lost a race: 409)", rate, "commands/s",
                       "in process, no HTTP", direct.Rate, "≥ 2,000 commands/s", rate >= 2000),
            new Figure(section, "HTTP p50 latency", latencies.Percentile(50), "ms", "in process", direct.Latencies.Percentile(50)),
            new Figure(section, "HTTP p99 latency", latencies.Percentile(99), "ms", "in process", direct.Latencies.Percentile(99),
                       "< 50 ms", latencies.Percentile(99) < 50),
            new Figure(section, "CPU per HTTP command: service and load driver", service * 1000 / latencies.Count, "ms",
                       "in process", directService * 1000 / direct.Latencies.Count),
            new Figure(section, "CPU per HTTP command: PostgreSQL", postgres * 1000 / latencies.Count, "ms",
                       "in process", directPostgres * 1000 / direct.Latencies.Count),
        ];
    }
}
