using System.Diagnostics;
using System.Net.Http.Json;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// How long the tree's growth waits to be under a published checkpoint when three witness processes run beside the
/// ledger and two must cosign (Integrity:WitnessQuorum 2), while devices are registered at a steady pace through HTTP.
/// A watcher reads the chain's size and the published size every 10 ms: each time the tree grows to s, the delay is
/// until a published checkpoint of size ≥ s. Beside it, for every event, the delay from its append
/// (mt_events.timestamp) to that publication, which adds the chain's own lag behind the appends.
/// </summary>
public static class Publishing
{
    private const string Section = "8. Transparency log";

    public static async Task<List<Figure>> Measure(string server, TimeSpan duration, int perSecond)
    {
        await using var log = await WitnessedLog.Start("bench.localhost/ledger", "bench.localhost");
        await using var ledger = await BenchLedger.Start(server, "ledger_bench_log", log.Settings);
        using var client = ledger.Client(Role.Enforcement);

        using var watching = new CancellationTokenSource();
        var watcher = Watch(ledger, watching.Token);
        var pace = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        var written = 0;
        while (clock.Elapsed < duration)
        {
            using var response = await client.PostAsJsonAsync("/api/devices",
                new { imei = SyntheticLedger.Imei(1_000_000 + written), model = "Bench 1", salesMarket = "AE" });
            response.EnsureSuccessStatusCode();
            written++;
            var next = pace * written - clock.Elapsed;
            if (next > TimeSpan.Zero) await Task.Delay(next);
        }
        await Covered(ledger, TimeSpan.FromSeconds(60));
        await Task.Delay(100);
        await watching.CancelAsync();
        var growth = await watcher;

        var delays = new Latencies();
        await using (var command = ledger.Database.CreateCommand(
                         $"""
                          select extract(epoch from p.published_at - e.timestamp) * 1000
                          from {LedgerSchema.EventTable} e
                          join {IntegritySchema.ChainTable} c on c.sequence = e.seq_id
                          cross join lateral (select published_at from {IntegritySchema.PublicationTable} p
                                              where p.tree_size > c.leaf_index order by p.tree_size limit 1) p
                          where e.type = 'device_registered'
                          """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) delays.Add(TimeSpan.FromMilliseconds((double)reader.GetDecimal(0)));
        }
        var spacing = 1000.0 * new IntegritySettings().CheckpointSeconds;
        var p99 = growth.Percentile(99);
        return
        [
            new Figure(Section, $"tree growth to published checkpoint, quorum 2 of 3 witnesses: p99 ({growth.Count:N0} growths, {perSecond} writes/s)",
                       p99, "ms", "Integrity:CheckpointSeconds, the shortest time between checkpoints", spacing, "p99 < 2 s", p99 < 2000),
            new Figure(Section, "tree growth to published checkpoint: median", growth.Percentile(50), "ms"),
            new Figure(Section, "tree growth to published checkpoint: maximum", growth.Percentile(100), "ms"),
            new Figure(Section, $"append to published checkpoint (chain lag included): p99 ({delays.Count:N0} events)", delays.Percentile(99), "ms"),
            new Figure(Section, "append to published checkpoint (chain lag included): median", delays.Percentile(50), "ms"),
        ];
    }

    /// <summary>Every 10 ms, the chain's size and the published size: for each growth of the tree, the wait for its publication.</summary>
    private static async Task<Latencies> Watch(BenchLedger ledger, CancellationToken stop)
    {
        var growths = new List<(long Size, TimeSpan At)>();
        var delays = new Latencies();
        var clock = Stopwatch.StartNew();
        await using var connection = await ledger.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand(
            $"select (select coalesce(max(leaf_index) + 1, 0) from {IntegritySchema.ChainTable}), " +
            $"(select coalesce(max(tree_size), 0) from {IntegritySchema.PublicationTable})", connection);
        while (!stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                await reader.ReadAsync(CancellationToken.None);
                var (chained, published) = (reader.GetInt64(0), reader.GetInt64(1));
                if (chained > (growths.Count == 0 ? published : growths[^1].Size)) growths.Add((chained, clock.Elapsed));
                while (growths.Count > 0 && growths[0].Size <= published)
                {
                    delays.Add(clock.Elapsed - growths[0].At);
                    growths.RemoveAt(0);
                }
            }
            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return delays;
    }

    /// <summary>Waits until a published checkpoint covers every chained event.</summary>
    private static async Task Covered(BenchLedger ledger, TimeSpan timeout)
    {
        await ledger.ChainCaughtUp(timeout);
        var head = (await ledger.Services.GetRequiredService<ChainStore>().Head(CancellationToken.None))!.TreeSize;
        var deadline = DateTime.UtcNow + timeout;
        while (((await ledger.Services.GetRequiredService<LogStore>().Published(null, CancellationToken.None))?.Size ?? 0) < head)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no checkpoint was published over the whole chain");
            await Task.Delay(200);
        }
    }
}
