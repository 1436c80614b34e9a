using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Demo;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using Marten;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.IntegrationTests.Compatibility;

/// <summary>A ledger of its own, emptied for each golden ledger it loads.</summary>
public sealed class GoldenLedgerFixture() : LedgerFixture("ledger_golden_tests");

/// <summary>
/// Ten years of compatibility: the ledger `seed-demo` recorded with the release of November 2026 must load into an
/// empty database, rebuild its projections, give its five reports byte for byte and verify intact, in every later
/// release. Renaming an event type, a field or a stored string, or changing how an event is hashed, fails here
/// rather than on ten-year-old evidence; an event that must change needs an upcaster that leaves stored bytes alone.
/// </summary>
public sealed class GoldenLedgerTests(GoldenLedgerFixture ledger) : IClassFixture<GoldenLedgerFixture>
{
    private const string Release = "golden-2026-11";
    private const int Devices = 120;

    [Fact]
    public async Task the_golden_ledger_of_november_2026_loads_rebuilds_reports_byte_for_byte_and_verifies_intact()
    {
        var golden = GoldenLedger.Named(Release);
        await TestDatabase.Wipe(ledger.Host, ledger.ConnectionString);
        await golden.Load(ledger.ConnectionString);

        using (var daemon = await ledger.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<Device>(TimeSpan.FromMinutes(2), CancellationToken.None);
            await daemon.RebuildProjectionAsync<RestrictionPolicy>(TimeSpan.FromMinutes(2), CancellationToken.None);
            await daemon.RebuildProjectionAsync<Appeal>(TimeSpan.FromMinutes(2), CancellationToken.None);
            await daemon.RebuildProjectionAsync<Investigation>(TimeSpan.FromMinutes(2), CancellationToken.None);
            await daemon.RebuildProjectionAsync<Ledger.Reports.LockRecords.LockRecordProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        // The reports the golden release had; a report added since has no golden file to match.
        var reports = (await Reports()).Where(r => File.Exists(golden.Report(r.Name))).ToList();
        Assert.Equal(5, reports.Count);
        foreach (var (name, csv) in reports)
            Assert.True((await File.ReadAllBytesAsync(golden.Report(name))).SequenceEqual(csv), $"the {name} report changed");
        await using (var session = ledger.Store.QuerySession())
        {
            // The demo's investigation closed with unlock_all: every device rebuilt, none left locked.
            Assert.Equal(Devices, await session.Query<Device>().CountAsync());
            Assert.Equal(0, await session.Query<Device>().CountAsync(d => d.ActiveLocks.Any()));
        }
        var report = await ledger.Verify();
        Assert.True(report.Intact, string.Join("; ", report.Findings.Select(f => f.Detail)));
        Assert.Equal(await ledger.CountEvents(), report.EventsVerified);
    }

    /// <summary>
    /// Every golden event reads as this release's types and serializes back to the JSON it was stored with: the JSON
    /// its canonical encoding (the leaf of the hash chain) is computed from. A field or a stored name whose type changed
    /// (a string turned into a closed set, say) and now writes other bytes fails here.
    /// </summary>
    [Fact]
    public async Task every_golden_event_serializes_back_to_the_json_it_was_stored_with()
    {
        await TestDatabase.Wipe(ledger.Host, ledger.ConnectionString);
        await GoldenLedger.Named(Release).Load(ledger.ConnectionString);
        var serializer = ledger.Store.Options.Serializer();
        var (sequences, json) = (new List<long>(), new List<string>());
        await using (var session = ledger.Store.QuerySession())
        {
            foreach (var e in await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync())
            {
                sequences.Add(e.Sequence);
                json.Add(serializer.ToJson(e.Data));
            }
        }

        Assert.Equal(await TestDatabase.Scalar(ledger.ConnectionString, $"select count(*) from {LedgerSchema.EventTable}"),
                     sequences.Count);
        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await using var compare = new NpgsqlCommand(
            "select count(*) from unnest(@sequences, @json::jsonb[]) as written(sequence, data) " +
            $"join {LedgerSchema.EventTable} stored on stored.seq_id = written.sequence where stored.data <> written.data",
            connection) { Parameters = { new("sequences", sequences.ToArray()), new("json", json.ToArray()) } };
        Assert.Equal(0L, await compare.ExecuteScalarAsync());
    }

    /// <summary>
    /// Writes a golden ledger of this release: run with GOLDEN_LEDGER=&lt;name&gt; (ops/golden-ledger) once, when a
    /// release changes what it stores, and commit the folder beside the earlier ones, which stay as they are.
    /// </summary>
    [SkippableFact]
    public async Task a_golden_ledger_is_written_when_asked()
    {
        var name = Environment.GetEnvironmentVariable("GOLDEN_LEDGER");
        Skip.If(string.IsNullOrEmpty(name), "set GOLDEN_LEDGER to write a golden ledger (ops/golden-ledger)");
        var golden = GoldenLedger.Named(name);
        await TestDatabase.Wipe(ledger.Host, ledger.ConnectionString);

        await DemoLedger.Seed(ledger.Store, Devices, CancellationToken.None);
        await ledger.SignCheckpoint();
        await ledger.ChainCaughtUp();
        await golden.Save(ledger.ConnectionString);
        Directory.CreateDirectory(Path.GetDirectoryName(golden.Report("x"))!);
        foreach (var (report, csv) in await Reports()) await File.WriteAllBytesAsync(golden.Report(report), csv);
    }

    private async Task<List<(string Name, byte[] Csv)>> Reports()
    {
        var period = GoldenLedger.Reports;
        var request = ReportRequest.Parse(period.From, period.To, null, period.AsKnownAt, DateTimeOffset.UtcNow);
        await using var session = ledger.Store.QuerySession();
        var files = new List<(string, byte[])>();
        foreach (var name in ReportCatalogue.Names)
            files.Add((name, (await ReportCatalogue.Build(name, session, request, CancellationToken.None)).Write("csv")));
        return files;
    }
}
