using System.Diagnostics.Metrics;
using System.Net;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Telemetry;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>
/// Reports read from a standby (ConnectionStrings:LedgerReports) only when it holds all that was known at their
/// instant: caught up, the standby serves; its replay paused behind a policy change, a report as known at now is read
/// from the primary and holds the change; replay resumed, the standby serves again.
/// </summary>
public sealed class StandbyReportTests
{
    [Fact]
    public async Task a_report_is_read_from_the_standby_only_once_it_has_replayed_past_the_instant()
    {
        await using var postgres = await OwnPostgres.Start();
        await postgres.StartStandby();
        await using var service = await LedgerFixture.StartService(postgres.PairConnectionString,
            ("ConnectionStrings:LedgerReports", postgres.StandbyConnectionString));
        var client = service.ClientAs();
        using var reads = new StandbyReads();

        await Restrict(client, "IR");
        Assert.Contains("IR", await PolicyTimeline(client));
        Assert.Equal(1, reads.Count);

        // The standby falls behind: no longer waited for by the primary, its replay paused.
        await TestDatabase.Execute(postgres.ConnectionString, "alter system set synchronous_standby_names = ''");
        await TestDatabase.Execute(postgres.ConnectionString, "select pg_reload_conf()");
        await TestDatabase.Execute(postgres.StandbyConnectionString, "select pg_wal_replay_pause()");
        await Restrict(client, "CU");
        var behind = await PolicyTimeline(client);
        Assert.Contains("CU", behind);
        Assert.Equal(1, reads.Count);

        await TestDatabase.Execute(postgres.StandbyConnectionString, "select pg_wal_replay_resume()");
        await Eventually.Until(async () => await PolicyTimeline(client) == behind && reads.Count == 2, "the standby serving again");
    }

    private static async Task Restrict(HttpClient client, string region) =>
        await (await client.Post("/api/policy/restrictions",
            new { region, legalBasis = "31 CFR 560", reason = "sanctions", effectiveFrom = "2021-01-01T00:00:00Z" }))
            .Read<object>(HttpStatusCode.Created);

    private static async Task<string> PolicyTimeline(HttpClient client)
    {
        var response = await client.GetAsync("/api/reports/policy-timeline?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    /// <summary>Reads from a standby, in this process: only this test's service has one.</summary>
    private sealed class StandbyReads : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public StandbyReads()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LedgerMetrics.MeterName && instrument.Name == LedgerMetrics.ReportReads.Name)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag is { Key: "server", Value: "standby" }) Interlocked.Add(ref _count, value);
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
