using System.Net;
using System.Text;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Policy;
using Snapshooter.Xunit;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>The lock register on a fixed scenario: fixed devices, ids and business times.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class LockRegisterTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    private const string Period = "from=2021-09-01T00:00:00Z&to=2021-12-01T00:00:00Z";

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    private static string Imei(int n)
    {
        var payload = $"35693803{n:D6}";
        return payload + RegionLock.Ledger.Devices.Imei.CheckDigit(payload);
    }

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await using var session = ledger.Store.LightweightSession();
        session.Events.Append(RestrictionPolicy.StreamKey,
            new RegionRestricted("IR", "15 CFR 746.7", "sanctions", T, 1),
            new RegionRestricted("UA-43", "EO 13685", "sanctions", T, 2),
            new RegionRestricted("KP", "15 CFR 746.4", "sanctions", T, 3));
        var investigation = Id(900);
        Lifecycle(session, 1, "IR", T.AddHours(6), unlockedAfterDays: 41.5, "investigation_closed", investigation);
        Lifecycle(session, 2, "UA-43", T.AddDays(2), unlockedAfterDays: 3, "appeal_granted", null);
        Lifecycle(session, 3, "KP", T.AddDays(5), unlockedAfterDays: null, null, null);
        Lifecycle(session, 4, "IR", T.AddDays(-30), unlockedAfterDays: 1, "error_correction", null); // before the period
        Lifecycle(session, 5, "AE", T.AddDays(20), unlockedAfterDays: 2, "error_correction", null); // no restriction
        await session.SaveChangesAsync();
    }

    private static void Lifecycle(IDocumentSession session, int n, string region, DateTimeOffset lockedAt,
                                  double? unlockedAfterDays, string? reason, Guid? investigation)
    {
        var imei = Imei(n);
        var events = new List<object>
        {
            new DeviceRegistered(imei, "Phone 12", "AE", lockedAt.AddDays(-100)),
            new DeviceLocked(imei, Id(n), region, n == 5 ? "customer complaint, \"suspected\" misuse" : "restricted_region",
                             3, investigation, lockedAt),
        };
        if (unlockedAfterDays is { } days)
            events.Add(new DeviceUnlocked(imei, Id(n), reason!, null, investigation, lockedAt.AddDays(days)));
        session.Events.StartStream<Device>(imei, events.ToArray());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Report(string query) =>
        Encoding.UTF8.GetString(await (await ledger.Client.GetAsync($"/api/reports/lock-register?{query}")).Content.ReadAsByteArrayAsync());

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
             select count(*) from {LedgerHost.SchemaName}.mt_events
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
            session.Events.Append(Imei(3), new DeviceUnlocked(Imei(3), Id(3), "policy_lifted", null, null, T.AddDays(30)));
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
