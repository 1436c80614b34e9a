using System.Diagnostics;
using System.Net.Http.Json;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Policy.Impact;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 9: the impact analysis over HTTP on the large ledger, beside the reading of what it analyses (the device
/// snapshots of the region, in process) measured in the same run: Syria, where a fifth of the devices were seen, and
/// the sales market every device was seen in, the worst case (every device read and weighed).
/// </summary>
public static class ImpactAnalyses
{
    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, int devices)
    {
        const string section = "9. Impact analysis";
        using var client = ledger.Client(Role.Compliance);
        var reader = ledger.Services.GetRequiredService<ImpactReader>();
        var figures = new List<Figure>();
        foreach (var (region, seen) in new[] { ("SY", "a fifth of them seen there"), ("AE", "every one seen there") })
        {
            var http = await Best(async () => (await client.PostAsJsonAsync("/api/policy/impact",
                new { change = "restrict", region, effectiveFrom = "2030-01-01T00:00:00Z" })).EnsureSuccessStatusCode());
            var read = await Best(() => reader.Read(PolicyChangeKind.Restrict, region, DateTimeOffset.UtcNow, CancellationToken.None));
            figures.Add(new Figure(section, $"impact of restricting {region} over HTTP, {devices:N0} devices ({seen})", http, "s",
                                   "reading the region's device snapshots in process", read, "< 2 s", http < 2));
        }
        return figures;
    }

    /// <summary>The best of three runs: the first also warms PostgreSQL's cache and the JIT.</summary>
    private static async Task<double> Best(Func<Task> work)
    {
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            await work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
