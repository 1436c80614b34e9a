using System.Diagnostics;
using System.Net.Http.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Benchmarks;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Reports.LockRegister;

// ops/bench runs this against the project's PostgreSQL: dotnet RegionLock.Ledger.Benchmarks.dll SERVER OUT [EVENTS] [SECONDS]
var server = args[0];
var output = args[1];
if (args.Length > 2 && args[2] == "import")
{
    // ops/bench import: the import against the raw COPY only, printed (a quick look while tuning it).
    double copy;
    await using (var reference = await BenchLedger.Start(server, "ledger_bench_writes")) copy = await Appends.RawCopy(reference);
    foreach (var figure in await Imports.Measure(server, copy))
        Console.WriteLine($"{figure.Case}: {figure.Value:N2} {figure.Unit} (reference {figure.ReferenceValue:N2}, {figure.Ratio:P0})");
    return 0;
}
var events = args.Length > 2 ? int.Parse(args[2]) : 1_000_000;
var seconds = args.Length > 3 ? int.Parse(args[3]) : 20;
const int connections = 32;
var figures = new List<Figure>();
string postgres;

Console.Error.WriteLine("writes: append, HTTP");
await using (var ledger = await BenchLedger.Start(server, "ledger_bench_writes"))
{
    await Restrict(ledger);
    figures.AddRange(await Appends.Measure(ledger));
    figures.AddRange(await HttpWrites.Measure(ledger, TimeSpan.FromSeconds(seconds), connections));
    await using var version = ledger.Database.CreateCommand(
        "select split_part(version(), ' on ', 1) || ' (fsync ' || current_setting('fsync') || ', synchronous_commit ' || " +
        "current_setting('synchronous_commit') || ', shared_buffers ' || current_setting('shared_buffers') || ')'");
    postgres = (string)(await version.ExecuteScalarAsync())!;
}

Console.Error.WriteLine("import");
figures.AddRange(await Imports.Measure(server, figures.Single(f => f.Case.StartsWith("raw binary COPY", StringComparison.Ordinal)).Value));

Console.Error.WriteLine("transparency log: publication with three witnesses");
figures.AddRange(await Publishing.Measure(server, TimeSpan.FromSeconds(Math.Max(seconds, 60)), perSecond: 50));

if (events == 0)
{
    // ops/bench 0 SECONDS: the writes and the publication only, printed rather than written to the docs (a quick look while tuning).
    foreach (var figure in figures) Console.WriteLine($"{figure.Case}: {figure.Value:N2} {figure.Unit} (reference {figure.ReferenceValue:N2})");
    return 0;
}

Console.Error.WriteLine($"large ledger: {events:N0} events");
var large = await MemoryAndRates(events, withRates: true);
Console.Error.WriteLine($"small ledger: {events / 10:N0} events");
var small = await MemoryAndRates(events / 10, withRates: false);
figures.AddRange(IntegrityAtScale.Compare(large.Integrity, small.Integrity, events));
figures.Add(new Figure("4. Reports, export, lookups",
    $"lock-register report of the last quarter of 2021 at {events:N0} events (19 times the history before the quarter)", large.QuarterReport, "s",
    $"at {events / 10:N0} events, the same quarter", small.QuarterReport, "flat: ≤ 125%, and < 1 s",
    large.QuarterReport / small.QuarterReport <= 1.25 && large.QuarterReport < 1));
foreach (var (command, peak) in large.Peaks)
{
    var reference = small.Peaks[command];
    figures.Add(new Figure("6. Memory", $"`{command}` peak working set at {events:N0} events", peak, "MiB",
                           $"at {events / 10:N0} events", reference, "flat: ≤ 125% of the smaller ledger's", peak / reference <= 1.25));
}

Console.Error.WriteLine("micro: hashing");
var summary = BenchmarkRunner.Run<ChainHashing>(ManualConfig.CreateMinimumViable()
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)));
var micro = new List<string> { "| method | mean | allocated |", "| --- | ---: | ---: |" };
micro.AddRange(summary.Reports.Select(r =>
    $"| {r.BenchmarkCase.Descriptor.WorkloadMethod.Name} | {r.ResultStatistics?.Mean:N0} ns | {r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)} B |"));

await Report.Write(output, $"ops/bench {events} {seconds}", Report.Machine(postgres), figures, micro);
Console.Error.WriteLine($"wrote {output}");
return 0;

async Task<(Dictionary<string, double> Peaks, IntegrityAtScale.Measured Integrity, double QuarterReport)> MemoryAndRates(int size, bool withRates)
{
    // Checkpoints are signed by the bench when it measures them, not by the service's loop a moment before.
    await using var ledger = await BenchLedger.Start(server, size == events ? "ledger_bench" : "ledger_bench_small",
                                                     [("Integrity:CheckpointSeconds", "3600")]);
    await Restrict(ledger);
    var devices = size / SyntheticLedger.EventsPerDevice;
    // The checkpoint key's adoption is an event: recorded now, not by the first checkpoint while the COPY holds its
    // reserved sequence numbers open (an event committed above that gap would make the daemon skip it as lost).
    await ledger.Services.GetRequiredService<KeyHistory>().EnsureRecorded(
        ledger.Services.GetRequiredService<ISigningKeys>().Required(SigningKeyKind.Checkpoint), CancellationToken.None);
    var clock = Stopwatch.StartNew();
    var written = await SyntheticLedger.Write(ledger.Store, ledger.Database, ledger.Services.GetRequiredService<RegionLock.Ledger.Integrity.EventSealer>(), devices);
    var copied = clock.Elapsed.TotalSeconds;
    clock.Restart();
    await ledger.ChainCaughtUp(TimeSpan.FromHours(1));
    var chained = clock.Elapsed.TotalSeconds;
    // The COPY bypasses the inline projections: the reports' lock records are rebuilt from the events it wrote.
    using (var daemon = await ledger.Store.BuildProjectionDaemonAsync())
        await daemon.RebuildProjectionAsync<RegionLock.Ledger.Reports.LockRecords.LockRecordProjection>(TimeSpan.FromHours(1), CancellationToken.None);
    if (withRates)
    {
        figures.Add(new Figure("3. Projection rebuild", $"hash chain extended by the async daemon ({written:N0} events)",
                               written / chained, "events/s", "written by raw COPY", written / copied));
        // A checkpoint over the whole chain, for verification to check.
        await ledger.Services.GetRequiredService<RegionLock.Ledger.Integrity.Checkpointing>().CreateAsync(CancellationToken.None);
        figures.AddRange(await Rebuilds.Measure(ledger, written));
        figures.AddRange(await ReportsAndLookups.Measure(ledger, devices));
        figures.AddRange(await ImpactAnalyses.Measure(ledger, devices));
        figures.AddRange(await Verifications.Measure(ledger, written));
        figures.AddRange(await IntegrityAtScale.Extension(ledger, written));
    }
    var integrity = await IntegrityAtScale.Measure(ledger, devices);
    var quarterReport = await ReportsAndLookups.Best(async () =>
    {
        await using var session = ledger.Store.QuerySession();
        (await RegionLock.Ledger.Reports.ReportCatalogue.Build(LockRegisterReport.Name, session, ReportsAndLookups.Quarter, CancellationToken.None)).Write("csv");
    }, runs: 10);
    var peaks = new Dictionary<string, double>
    {
        ["rebuild"] = (await PeakMemory.Run(ledger.Settings, "rebuild", "--projection", "Device")).PeakMiB,
        ["verify"] = (await PeakMemory.Run(ledger.Settings, "verify")).PeakMiB,
        ["export"] = (await ExportPeak("2021-10-01T00:00:00Z", "2022-01-01T00:00:00Z")).Peak,
    };
    if (withRates)
    {
        // Every lock of the ledger's ten years (its whole history) against the quarter's: memory flat in the period too.
        var (decade, rows) = await ExportPeak("2012-01-01T00:00:00Z", "2022-01-01T00:00:00Z");
        figures.Add(new Figure("6. Memory", $"`export` peak working set, the lock register of ten years ({rows:N0} locks) at {size:N0} events",
                               decade, "MiB", "a quarter's, the same ledger", peaks["export"], "flat: ≤ 125%", decade / peaks["export"] <= 1.25));
    }
    return (peaks, integrity, quarterReport);

    // The export command's peak working set, and the locks its register lists.
    async Task<(double Peak, int Rows)> ExportPeak(string from, string to)
    {
        var folder = Directory.CreateTempSubdirectory("regionlock-bench-export-").FullName;
        var peak = (await PeakMemory.Run(ledger.Settings, ["export", LockRegisterReport.Name, "--from", from, "--to", to,
                                                           "--recipient", "benchmark", "--purpose", "peak memory", "--out", folder])).PeakMiB;
        return (peak, File.ReadLines(Path.Combine(folder, $"{LockRegisterReport.Name}.csv")).Count() - 1);
    }
}

// The September 2021 policy: the synthetic locks name its version.
static async Task Restrict(BenchLedger ledger)
{
    using var client = ledger.Client(Role.Compliance);
    foreach (var region in new[] { "IR", "CU", "SY", "UA-43", "SD", "KP" })
    {
        (await client.PostAsJsonAsync("/api/policy/restrictions",
            new { region, legalBasis = "15 CFR 746", reason = "sanctions", effectiveFrom = "2016-01-01T00:00:00Z" })).EnsureSuccessStatusCode();
    }
}
