using System.Net;
using System.Text;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using Snapshooter.Xunit;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>The lock register on a fixed scenario: fixed devices, ids and business times.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class LockRegisterTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private const string Period = ReportScenario.Period;

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ReportScenario.Seed(ledger.Store);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Report(string query) =>
        Encoding.UTF8.GetString(await (await ledger.Client.GetAsync($"/api/reports/lock-register?{query}")).Content.ReadAsByteArrayAsync());

    [Fact]
    public async Task a_period_given_as_dates_is_the_period_from_midnight_utc() =>
        Assert.Equal(await Report($"{Period}&asKnownAt=2100-01-01T00:00:00Z"),
                     await Report("from=2021-09-01&to=2021-12-01&asKnownAt=2100-01-01T00:00:00Z"));

    [Fact]
    public async Task the_csv_matches_its_reviewed_snapshot() =>
        Snapshot.Match(await Report($"{Period}&asKnownAt=2100-01-01T00:00:00Z"));

    [Fact]
    public async Task the_json_matches_its_reviewed_snapshot() =>
        Snapshot.Match(await Report($"{Period}&asKnownAt=2100-01-01T00:00:00Z&format=json"));

    [Fact]
    public async Task a_region_filter_includes_the_regions_inside_it()
    {
        var csv = await Report($"{Period}&region=UA");

        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",UA-43,", csv);
    }

    [Fact]
    public async Task the_rows_are_the_locks_placed_in_the_period_as_sql_counts_them()
    {
        var csv = await Report(Period);
        var counted = await ledger.Scalar(
            $"""
             select count(*) from {LedgerSchema.EventTable}
             where type = 'device_locked'
               and (data->>'effectiveAt')::timestamptz >= '2021-09-01Z' and (data->>'effectiveAt')::timestamptz < '2021-12-01Z'
             """);

        Assert.Equal(counted, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.StartsWith("imei,region,locked_at,policy_version,legal_basis,reason,investigation_id,unlocked_at,unlock_reason,days_locked\r\n", csv);
    }

    [Fact]
    public async Task a_report_as_known_at_an_instant_is_reproduced_byte_for_byte_after_late_events()
    {
        var knownAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await Task.Delay(1500);
        var first = await Report($"{Period}&asKnownAt={Uri.EscapeDataString(knownAt.ToString("O"))}");

        await using (var session = ledger.Store.LightweightSession())
        {
            // A late event: an unlock that took effect inside the period, recorded only now.
            session.Events.Append(ReportScenario.Imei(3), new DeviceUnlocked(ReportScenario.Imei(3), ReportScenario.Id(3), UnlockReason.PolicyLifted, null, null, ReportScenario.T.AddDays(30)));
            await session.SaveChangesAsync();
        }
        var again = await Report($"{Period}&asKnownAt={Uri.EscapeDataString(knownAt.ToString("O"))}");
        var now = await Report(Period);

        Assert.Equal(first, again);
        Assert.NotEqual(first, now);
        Assert.Contains("policy_lifted", now);
    }

    [Theory]
    [InlineData("from=2021-09-01T00:00:00Z")]
    [InlineData("from=2021-12-01T00:00:00Z&to=2021-09-01T00:00:00Z")]
    [InlineData("from=2001-01-01T00:00:00Z&to=2021-09-01T00:00:00Z")]
    [InlineData($"{Period}&region=XX")]
    [InlineData($"{Period}&format=xlsx")]
    [InlineData($"{Period}&asKnownAt=yesterday")]
    public async Task a_malformed_report_request_is_a_400_problem(string query) =>
        await (await ledger.Client.GetAsync($"/api/reports/lock-register?{query}")).Problem(HttpStatusCode.BadRequest);

    [Fact]
    public async Task an_unknown_report_is_a_404_problem() =>
        await (await ledger.Client.GetAsync($"/api/reports/everything?{Period}")).Problem(HttpStatusCode.NotFound);
}
