using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Reports;
using RegionLock.Ledger.Reports.LockRegister;
using RegionLock.Ledger.Reports.LocksByRegion;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>Case 4: reports and an export for a quarter of the large ledger, and device lookups by IMEI.</summary>
public static class ReportsAndLookups
{
    public static readonly ReportRequest Quarter = ReportRequest.Parse("2021-10-01T00:00:00Z", "2022-01-01T00:00:00Z", null, null, DateTimeOffset.UtcNow);
    private const int Lookups = 5_000;

    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, int devices)
    {
        const string section = "4. Reports, export, lookups";
        var figures = new List<Figure>();
        foreach (var report in new[] { LockRegisterReport.Name, LocksByRegionReport.Name })
        {
            var seconds = await Best(async () =>
            {
                await using var session = ledger.Store.QuerySession();
                (await ReportCatalogue.Build(report, session, Quarter, CancellationToken.None)).Write("csv");
            });
            figures.Add(new Figure(section, $"{report} report, a quarter (CSV)", seconds, "s", Target: "< 2 s", Met: seconds < 2));
        }
        var export = await Best(() => ledger.Services.GetRequiredService<ExportBundle>().Write(
            Directory.CreateTempSubdirectory("regionlock-bench-bundle-").FullName, LockRegisterReport.Name, Quarter, null, CancellationToken.None));
        figures.Add(new Figure(section, "signed export bundle of the lock register, a quarter", export, "s"));

        using var client = ledger.Client(Role.Support);
        var http = await Lookup(devices, async imei => (await client.GetAsync($"/api/devices/{imei}")).EnsureSuccessStatusCode());
        var direct = await Lookup(devices, async imei =>
        {
            await using var session = ledger.Store.QuerySession();
            _ = await session.LoadAsync<Device>(imei) ?? throw new InvalidOperationException($"no device {imei}");
        });
        figures.Add(new Figure(section, $"device lookup over HTTP, p50 ({Lookups:N0} random IMEIs of {devices:N0})", http.Percentile(50), "ms", "Marten load in process", direct.Percentile(50)));
        figures.Add(new Figure(section, "device lookup over HTTP, p99", http.Percentile(99), "ms", "Marten load in process", direct.Percentile(99)));
        figures.AddRange(await BatchStatus(ledger, devices, section));
        return figures;
    }

    /// <summary>POST /api/devices/status with 1,000 random IMEIs, beside Marten's LoadMany of the same IMEIs in process.</summary>
    private static async Task<IReadOnlyList<Figure>> BatchStatus(BenchLedger ledger, int devices, string section)
    {
        const int batches = 200, size = 1_000;
        using var client = ledger.Client(Role.Support);
        var http = new Latencies();
        var direct = new Latencies();
        for (var i = 0; i < batches; i++)
        {
            var imeis = Enumerable.Range(0, size).Select(_ => SyntheticLedger.Imei(Random.Shared.Next(devices))).ToArray();
            var clock = Stopwatch.StartNew();
            (await client.PostAsJsonAsync("/api/devices/status", new { imeis })).EnsureSuccessStatusCode();
            http.Add(clock.Elapsed);
            clock.Restart();
            await using var session = ledger.Store.QuerySession();
            _ = await session.LoadManyAsync<Device>(imeis);
            direct.Add(clock.Elapsed);
        }
        return
        [
            new Figure(section, $"batch status of {size:N0} IMEIs over HTTP, p50 ({batches} batches of {devices:N0} devices)", http.Percentile(50), "ms",
                       "Marten LoadMany in process", direct.Percentile(50)),
            new Figure(section, "batch status over HTTP, p99", http.Percentile(99), "ms", "Marten LoadMany in process", direct.Percentile(99),
                       "< 100 ms", http.Percentile(99) < 100),
        ];
    }

    /// <summary>
    /// The best of some runs (two by default): the first also warms PostgreSQL's cache and the JIT. Comparisons between
    /// ledgers measured one after the other take more, so that the later one is not favoured by code the JIT has
    /// meanwhile optimised.
    /// </summary>
    public static async Task<double> Best(Func<Task> work, int runs = 2)
    {
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static async Task<Latencies> Lookup(int devices, Func<string, Task> lookup)
    {
        var latencies = new Latencies();
        for (var i = 0; i < Lookups; i++)
        {
            var imei = SyntheticLedger.Imei(Random.Shared.Next(devices));
            var clock = Stopwatch.StartNew();
            await lookup(imei);
            latencies.Add(clock.Elapsed);
        }
        return latencies;
    }
}
