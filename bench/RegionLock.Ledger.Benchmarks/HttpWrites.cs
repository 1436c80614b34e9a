using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RegionLock.Ledger.Access;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 2: observations posted through HTTP on loopback (Kestrel, bearer token, validation, metadata, Marten,
/// enforcement) at a fixed concurrency, against the platform's limit measured in the same run: a minimal ASP.NET Core
/// endpoint checking the same token and inserting one row in one transaction (<see cref="PlatformReference"/>).
/// </summary>
public static class HttpWrites
{
    private sealed record Load(double Rate, Latencies Latencies, int Refused, double ServiceCpu, double PostgresCpu)
    {
        public double ServiceCpuPerCommand => ServiceCpu * 1000 / Latencies.Count;
        public double PostgresCpuPerCommand => PostgresCpu * 1000 / Latencies.Count;
    }

    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, TimeSpan duration, int connections)
    {
        using var client = ledger.Client(Role.Enforcement);
        Load platform;
        await using (var reference = await PlatformReference.Start(ledger))
        {
            using var referenceClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = reference.Address };
            referenceClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            platform = await Drive(referenceClient, duration, connections);
        }
        var http = await Drive(client, duration, connections);

        const string section = "2. HTTP writes";
        const string platformCase = "minimal ASP.NET Core + Npgsql, same token, one insert per transaction";
        return
        [
            new Figure(section, $"HTTP observations, {connections} connections ({http.Refused:N0} lost a race: 409)", http.Rate, "commands/s",
                       platformCase, platform.Rate, "≥ 50% of the reference", http.Rate / platform.Rate >= 0.5),
            new Figure(section, "HTTP p50 latency", http.Latencies.Percentile(50), "ms", "reference", platform.Latencies.Percentile(50)),
            new Figure(section, "HTTP p99 latency", http.Latencies.Percentile(99), "ms", "reference", platform.Latencies.Percentile(99),
                       "< 50 ms", http.Latencies.Percentile(99) < 50),
            new Figure(section, "CPU per HTTP command: service and load driver", http.ServiceCpuPerCommand, "ms",
                       "reference", platform.ServiceCpuPerCommand),
            new Figure(section, "CPU per HTTP command: PostgreSQL", http.PostgresCpuPerCommand, "ms",
                       "reference", platform.PostgresCpuPerCommand),
        ];
    }

    // Connections each post observations of random devices back to back until the time is up.
    private static async Task<Load> Drive(HttpClient client, TimeSpan duration, int connections)
    {
        var latencies = new Latencies();
        var refused = 0;
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
                else Interlocked.Increment(ref refused); // 409: two connections raced on one device
            }
        })));
        var rate = latencies.Count / clock.Elapsed.TotalSeconds;
        var (service, postgres) = cpu.Elapsed();
        return new Load(rate, latencies, refused, service, postgres);
    }
}
