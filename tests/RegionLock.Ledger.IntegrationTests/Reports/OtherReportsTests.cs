using System.Text;
using System.Text.RegularExpressions;
using RegionLock.Ledger.IntegrationTests.Support;
using Snapshooter.Xunit;

namespace RegionLock.Ledger.IntegrationTests.Reports;

[Collection(IntegrityCollection.Name)]
public sealed class OtherReportsTests(IntegrityFixture ledger) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ReportScenario.Seed(ledger.Store);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Report(string type, string query = "") =>
        Encoding.UTF8.GetString(await (await ledger.Client.GetAsync(
            $"/api/reports/{type}?{ReportScenario.Period}&asKnownAt=2100-01-01T00:00:00Z{query}")).Content.ReadAsByteArrayAsync());

    [Fact]
    public async Task unlock_latency_matches_its_reviewed_snapshot() => Snapshot.Match(await Report("unlock-latency"));

    // recorded_at is when this test's run recorded the scenario: the one column a snapshot cannot fix.
    [Fact]
    public async Task policy_timeline_matches_its_reviewed_snapshot() =>
        Snapshot.Match(Regex.Replace(await Report("policy-timeline"), @",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\r\n", ",<recorded_at>\r\n"));

    [Fact]
    public async Task locks_by_region_matches_its_reviewed_snapshot() => Snapshot.Match(await Report("locks-by-region"));

    [Fact]
    public async Task appeal_outcomes_matches_its_reviewed_snapshot() => Snapshot.Match(await Report("appeal-outcomes"));

    [Fact]
    public async Task appeal_outcomes_count_as_the_events_do()
    {
        var rows = (await Report("appeal-outcomes")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("IR,2021-10,1,0,0,0,1,", rows[1]);
        Assert.Equal("KP,2021-09,2,0,1,1,0,10", rows[2]);
        Assert.Equal("UA-43,2021-09,1,1,0,0,0,2.5", rows[3]);
        var filed = await ledger.Scalar("select count(*) from ledger.mt_events where type = 'appeal_filed'");
        Assert.Equal(filed, rows.Skip(1).Sum(r => long.Parse(r.Split(',')[2])));
    }

    [Fact]
    public async Task locks_by_region_ends_each_day_with_the_devices_still_locked()
    {
        var rows = (await Report("locks-by-region", "&region=KP")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // KP: lock 7 on the 18th, lock 3 on the 20th, neither lifted within the period.
        Assert.Equal("KP,2021-09-18,1,0,1", rows[1]);
        Assert.Equal("KP,2021-09-19,0,0,1", rows[2]);
        Assert.Equal("KP,2021-09-20,1,0,2", rows[3]);
        Assert.Equal("KP,2021-11-30,0,0,2", rows[^1]);
    }

    [Fact]
    public async Task locks_by_region_sums_to_the_locks_and_unlocks_sql_counts_in_the_period()
    {
        var rows = (await Report("locks-by-region")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(r => r.Split(',')).ToList();
        const string inPeriod = "(data->>'effectiveAt')::timestamptz >= '2021-09-01Z' and (data->>'effectiveAt')::timestamptz < '2021-12-01Z'";

        Assert.Equal(await ledger.Scalar($"select count(*) from ledger.mt_events where type = 'device_locked' and {inPeriod}"),
                     rows.Sum(r => long.Parse(r[2])));
        Assert.Equal(await ledger.Scalar($"select count(*) from ledger.mt_events where type = 'device_unlocked' and {inPeriod}"),
                     rows.Sum(r => long.Parse(r[3])));
    }

    [Fact]
    public async Task the_policy_timeline_has_a_row_for_each_restriction_sql_counts()
    {
        var rows = (await Report("policy-timeline")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;

        Assert.Equal(await ledger.Scalar("select count(*) from ledger.mt_events where type = 'region_restricted'"), rows);
    }

    [Fact]
    public async Task unlock_latency_counts_as_the_events_do()
    {
        var row = (await Report("unlock-latency")).Split("\r\n")[1].Split(',');

        // Three devices locked under the investigation, two unlocked after 996 and 978 hours.
        Assert.Equal([ReportScenario.Investigation.ToString(), "September 2021 activations", "3", "2", "978", "996"], row);
        var locked = await ledger.Scalar(
            $"select count(distinct data->>'imei') from ledger.mt_events where type = 'device_locked' and data->>'investigationId' = '{ReportScenario.Investigation}'");
        Assert.Equal(locked, long.Parse(row[2]));
    }

    [Fact]
    public async Task the_policy_timeline_names_each_lift()
    {
        var rows = (await Report("policy-timeline")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, rows.Length);
        Assert.StartsWith("3,KP,2021-09-15T00:00:00Z,2021-11-14T00:00:00Z,4,15 CFR 746.4,", rows[3]);
    }
}
