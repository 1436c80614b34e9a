using System.Text;
using RegionLock.Ledger.Demo;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Reports;

[Collection(IntegrityCollection.Name)]
public sealed class DemoLedgerTests(IntegrityFixture ledger)
{
    [Fact]
    public async Task the_demo_ledger_tells_the_incident_and_its_reports_agree_with_the_events()
    {
        await ledger.Reset();

        var summary = await DemoLedger.Seed(ledger.Store, 200, CancellationToken.None);

        Assert.Equal(200, summary.Devices);
        Assert.Equal(10, summary.Appeals);
        Assert.Equal(summary.Events, await ledger.CountEvents());
        var latency = await Report("unlock-latency");
        Assert.StartsWith($"{summary.InvestigationId},September 2021 activations,200,200,", latency.Split("\r\n")[1]);
        var register = (await Report("lock-register")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, register.Length - 1);
        Assert.Equal(await ledger.Scalar("select count(*) from ledger.mt_events where type = 'device_unlocked' and data->>'reason' = 'appeal_granted'"),
                     register.Count(r => r.Contains(",appeal_granted,")));
    }

    private async Task<string> Report(string type) =>
        Encoding.UTF8.GetString(await (await ledger.Client.GetAsync(
            $"/api/reports/{type}?from=2021-09-01T00:00:00Z&to=2022-01-01T00:00:00Z")).Content.ReadAsByteArrayAsync());
}
