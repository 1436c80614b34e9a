using System.Diagnostics;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 7: what the integrity machinery costs as the ledger grows, measured on each ledger size so that the large
/// one can be judged against the small one: proofs over HTTP, a checkpoint after 1,000 new events, the service
/// idle for a minute, and the tree's share of extending the chain.
/// </summary>
public static class IntegrityAtScale
{
    private const int Proofs = 2_000;
    private const int Checkpoints = 10;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    public sealed record Measured(Latencies Inclusion, Latencies Consistency, double CheckpointMs, double IdleServiceShare,
                                  double IdlePostgresShare);

    public static async Task<Measured> Measure(BenchLedger ledger, int devices)
    {
        var checkpointing = ledger.Services.GetRequiredService<Checkpointing>();
        await checkpointing.CreateAsync(CancellationToken.None);
        var sizes = new List<long>();
        var checkpointMs = new List<double>();
        for (var i = 0; i < Checkpoints - 1; i++)
        {
            await AppendThousand(ledger, devices + i * SyntheticDevices);
            await ledger.ChainCaughtUp(TimeSpan.FromMinutes(5));
            var clock = Stopwatch.StartNew();
            var checkpoint = await checkpointing.CreateAsync(CancellationToken.None);
            checkpointMs.Add(clock.Elapsed.TotalMilliseconds);
            sizes.Add(checkpoint!.TreeSize);
        }

        await Prewarm(ledger);
        using var client = ledger.Client(Role.Auditor);
        var last = sizes[^1];
        var inclusion = await Requests(client, async () =>
            $"/api/integrity/proof/{await SequenceOf(ledger, Random.Shared.NextInt64(last))}");
        var consistency = await Requests(client, () =>
        {
            var from = sizes[Random.Shared.Next(sizes.Count)];
            return Task.FromResult($"/api/integrity/consistency?from={from}&to={sizes.Where(s => s >= from).ElementAt(Random.Shared.Next(sizes.Count(s => s >= from)))}");
        });

        var cpu = new CpuMeter();
        var idle = Stopwatch.StartNew();
        await Task.Delay(Idle);
        var (service, postgres) = cpu.Elapsed();
        return new Measured(inclusion, consistency, checkpointMs.Order().ElementAt(checkpointMs.Count / 2),
                            service / idle.Elapsed.TotalSeconds, postgres / idle.Elapsed.TotalSeconds);
    }

    public static IEnumerable<Figure> Compare(Measured large, Measured small, long events)
    {
        const string section = "7. Integrity at scale";
        var at = $"at {events / 10:N0} events";
        foreach (var (name, latencies, reference) in new[] { ("inclusion", large.Inclusion, small.Inclusion),
                                                             ("consistency", large.Consistency, small.Consistency) })
        {
            yield return new Figure(section, $"{name} proof over HTTP at {events:N0} events, p50 ({Proofs:N0} requests, chain and tree in PostgreSQL's buffers)",
                                    latencies.Percentile(50), "ms", at, reference.Percentile(50), "flat: ≤ 125%",
                                    latencies.Percentile(50) <= 1.25 * reference.Percentile(50));
            yield return new Figure(section, $"{name} proof over HTTP, p99", latencies.Percentile(99), "ms", at,
                                    reference.Percentile(99), "flat: ≤ 125%, and < 10 ms",
                                    latencies.Percentile(99) <= 1.25 * reference.Percentile(99) && latencies.Percentile(99) < 10);
        }
        yield return new Figure(section, $"checkpoint after 1,000 new events at {events:N0} events (median of {Checkpoints - 1})",
                                large.CheckpointMs, "ms", at, small.CheckpointMs, "flat: ≤ 125%", large.CheckpointMs <= 1.25 * small.CheckpointMs);
        yield return new Figure(section, $"service CPU while idle for {Idle.TotalSeconds:N0} s at {events:N0} events",
                                100 * large.IdleServiceShare, "% of a core", at, 100 * small.IdleServiceShare,
                                "flat: ≤ 125%, and < 3% of a core",
                                large.IdleServiceShare <= 1.25 * small.IdleServiceShare && large.IdleServiceShare < 0.03);
        yield return new Figure(section, "PostgreSQL CPU meanwhile", 100 * large.IdlePostgresShare, "% of a core", at,
                                100 * small.IdlePostgresShare);
    }

    /// <summary>
    /// The tree's share of extending the chain: the chain's own work per event (read the canonical encoding, leaf hash,
    /// chain hash) over the whole ledger, then the same with the stored tree's right edge extended as well.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> Extension(BenchLedger ledger, long events)
    {
        // Each twice, alternating, the better run of each: the first pass also warms PostgreSQL's cache.
        double chainOnly = 0, withTree = 0;
        for (var run = 0; run < 2; run++)
        {
            chainOnly = Math.Max(chainOnly, await Extend(ledger, withTree: false));
            withTree = Math.Max(withTree, await Extend(ledger, withTree: true));
        }
        return
        [
            new Figure("7. Integrity at scale", $"chain and tree extended over {events:N0} events (read, leaf, chain, tree hashes)",
                       withTree, "events/s", "the chain alone", chainOnly, "≥ 80% of the chain alone", withTree / chainOnly >= 0.8),
        ];
    }

    private static async Task<double> Extend(BenchLedger ledger, bool withTree)
    {
        await using var connection = await ledger.Database.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        var chain = HashChain.Start;
        var tree = new TreeEdge();
        var completed = new List<TreeHash>();
        long count = 0;
        await foreach (var leaf in EventLeaves.Read(connection, 0, long.MaxValue, CancellationToken.None))
        {
            var leafHash = leaf.Hash();
            chain = HashChain.Next(chain, leafHash);
            if (withTree) tree.Append(leafHash, completed);
            count++;
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    private const int SyntheticDevices = 1_000 / SyntheticLedger.EventsPerDevice;

    /// <summary>About 1,000 events of new devices, appended through Marten as the service appends them.</summary>
    private static async Task AppendThousand(BenchLedger ledger, int firstDevice)
    {
        await using var session = ledger.Store.LightweightSession();
        for (var device = firstDevice; device < firstDevice + SyntheticDevices; device++)
            session.Events.StartStream(SyntheticLedger.Imei(device), SyntheticLedger.DeviceEvents(device, firstDevice + SyntheticDevices).ToArray());
        await session.SaveChangesAsync();
    }

    private static async Task<long> SequenceOf(BenchLedger ledger, long leafIndex)
    {
        await using var command = ledger.Database.CreateCommand($"select sequence from {IntegritySchema.ChainTable} where leaf_index = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = leafIndex });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The proofs are to judge the code, not the cache: the large ledger comes to them after its rebuild, verification
    /// and chain scans have gone through PostgreSQL's buffers, the small one fresh (their p99s took turns at missing the
    /// flatness target, 116–162%). Both first read their chain and tree, tables and indexes, into the buffers, as a
    /// server answering proofs all day holds them; a ledger whose chain outgrows its buffers pays a read per page missed.
    /// </summary>
    private static async Task Prewarm(BenchLedger ledger)
    {
        await using var command = ledger.Database.CreateCommand(
            "create extension if not exists pg_prewarm; " +
            "select pg_prewarm(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            $"where n.nspname = '{LedgerSchema.Name}' and c.relkind in ('r', 'i') " +
            "and (c.relname like '%integrity\\_chain%' or c.relname like '%integrity\\_tree%')");
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Latencies> Requests(HttpClient client, Func<Task<string>> url)
    {
        for (var i = 0; i < 100; i++) (await client.GetAsync(await url())).EnsureSuccessStatusCode(); // warm-up
        var latencies = new Latencies();
        for (var i = 0; i < Proofs; i++)
        {
            var next = await url();
            var clock = Stopwatch.StartNew();
            (await client.GetAsync(next)).EnsureSuccessStatusCode();
            latencies.Add(clock.Elapsed);
        }
        return latencies;
    }
}
