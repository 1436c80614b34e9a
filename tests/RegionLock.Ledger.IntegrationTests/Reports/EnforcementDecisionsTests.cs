using System.Text;
using Marten;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.IntegrationTests.Support;
using Snapshooter.Xunit;
using static RegionLock.Ledger.IntegrationTests.Support.ReportScenario;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>
/// The enforcement-decisions report on the report scenario with the decisions enforcement records about observations:
/// waivers, a warning that lapsed, a warning followed by a lock, observations outside restrictions.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class EnforcementDecisionsTests(IntegrityFixture ledger) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await Seed(ledger.Store);
        await using var session = ledger.Store.LightweightSession();
        Decisions(session, 21, "IR", T.AddDays(1), imei => [new EnforcementWaived(imei, "IR", 3, WaiverBasis.Imei, Id(921), T.AddDays(200), T.AddDays(1), T.AddDays(1))]);
        Decisions(session, 22, "UA-43", T.AddDays(2), imei => [new EnforcementWaived(imei, "UA-43", 3, WaiverBasis.Roaming, null, T.AddDays(16), T.AddDays(2), T.AddDays(2))]);
        Decisions(session, 23, "KP", T.AddDays(3), imei =>
            [new DeviceWarned(imei, Id(923), "KP", 3, T.AddDays(3), T.AddDays(10), T.AddDays(3)),
             new DeviceWarningLapsed(imei, Id(923), "KP", LapseReason.LeftRegion, T.AddDays(10))]);
        Decisions(session, 24, "IR-23", T.AddDays(4), imei =>
            [new DeviceWarned(imei, Id(924), "IR", 3, T.AddDays(4), T.AddDays(11), T.AddDays(4)),
             new DeviceLocked(imei, Id(24), "IR", Enforcement.Reason, 3, null, T.AddDays(11))]);
        Decisions(session, 25, "AE", T.AddDays(4), _ => []);      // not restricted: not counted
        Decisions(session, 26, "KP", T.AddDays(70), _ => []);     // after KP's lift: not counted
        await session.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void Decisions(IDocumentSession session, int n, string region, DateTimeOffset at, Func<string, object[]> decided)
    {
        var imei = Imei(n);
        session.Events.StartStream<Device>(imei,
            [new DeviceRegistered(imei, "Phone 12", "DE", at.AddDays(-100)), new DeviceObserved(imei, region, ObservationSignal.Gps, null, null, at),
             .. decided(imei)]);
    }

    private async Task<string> Report(string format = "csv", string query = "") =>
        Encoding.UTF8.GetString(await (await ledger.Client.GetAsync(
            $"/api/reports/enforcement-decisions?{Period}&asKnownAt=2100-01-01T00:00:00Z&format={format}{query}")).Content.ReadAsByteArrayAsync());

    [Fact]
    public async Task the_csv_matches_its_reviewed_snapshot() => Snapshot.Match(await Report());

    [Fact]
    public async Task the_json_matches_its_reviewed_snapshot() => Snapshot.Match(await Report("json"));

    [Fact]
    public async Task the_same_events_give_the_same_bytes() => Assert.Equal(await Report(), await Report());

    [Fact]
    public async Task its_columns_sum_to_what_sql_counts_in_the_period()
    {
        var rows = (await Report()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).ToList();
        long Sum(int column) => rows.Sum(r => long.Parse(r[column]));
        const string inPeriod = "(data->>'{0}')::timestamptz >= '2021-09-01Z' and (data->>'{0}')::timestamptz < '2021-12-01Z'";

        Assert.Equal(await ledger.Scalar($"select count(*) from ledger.mt_events where type = 'device_locked' and {string.Format(inPeriod, "effectiveAt")}"), Sum(3));
        Assert.Equal(await ledger.Scalar($"select count(*) from ledger.mt_events where type = 'device_warned' and {string.Format(inPeriod, "observedAt")}"), Sum(4));
        Assert.Equal(await ledger.Scalar($"select count(*) from ledger.mt_events where type = 'enforcement_waived' and {string.Format(inPeriod, "observedAt")}"),
                     Sum(6) + Sum(7) + Sum(8) + Sum(9));
        Assert.Equal(await ledger.Scalar($"select count(*) from ledger.mt_events where type = 'device_unlocked' and {string.Format(inPeriod, "effectiveAt")}"), Sum(10));
        // Observed in IR, UA-43, KP (before its lift) and IR-23 while restricted; in AE and in KP after the lift, not.
        Assert.Equal(4, Sum(2));
    }

    [Fact]
    public async Task it_exports_as_a_signed_bundle()
    {
        await ledger.ChainCaughtUp();
        var response = await ledger.Client.Post("/api/exports",
            new { report = "enforcement-decisions", from = "2021-09-01T00:00:00Z", to = "2021-12-01T00:00:00Z", asKnownAt = "2100-01-01T00:00:00Z",
                  recipient = "regulator", purpose = "quarterly review" });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Contains(zip.Entries, e => e.Name.StartsWith("enforcement-decisions", StringComparison.Ordinal) && e.Name.EndsWith(".csv", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.Name == "manifest.sig");
    }

    [Fact]
    public async Task a_region_keeps_its_own_rows_and_those_inside_it()
    {
        var rows = (await Report(query: "&region=IR")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        Assert.All(rows, r => Assert.StartsWith("IR,", r));
        // Device 21 seen in Iran and spared by its exemption, the day device 6 was locked there.
        Assert.Contains("IR,2021-09-16,1,1,0,0,1,0,0,0,0", rows);
    }
}
