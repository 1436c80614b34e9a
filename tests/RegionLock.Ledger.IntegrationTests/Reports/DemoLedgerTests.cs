using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Demo;
using RegionLock.Ledger.Policy.Impact;
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

    [Fact]
    public async Task the_careful_path_weighs_proposes_approves_spares_and_warns_before_it_locks()
    {
        await ledger.Reset();
        await DemoLedger.Seed(ledger.Store, 40, CancellationToken.None);

        var careful = await CarefulPath.Seed(ledger.Store, ledger.Host.Services.GetRequiredService<ImpactAnalyst>(), 60, CancellationToken.None);

        Assert.True(careful.Impact.Devices > 0 && careful.Waived > 0 && careful.Warned > 0 && careful.Locked > 0 && careful.Lapsed > 0,
                    careful.ToString());
        var proposal = await (await ledger.Client.GetAsync($"/api/policy/proposals/{careful.ProposalId}")).Read<JsonElement>();
        Assert.Equal("approved", proposal.GetProperty("status").GetString());
        Assert.Equal(("officer.a@demo", "officer.b@demo"), (proposal.GetProperty("proposal").GetProperty("proposedBy").GetString(),
                                                              proposal.GetProperty("proposal").GetProperty("decidedBy").GetString()));
        // Every lock in Belarus came after a warning of the same device, whose notice was delivered.
        Assert.Equal(0, await ledger.Scalar("""
            select count(*) from ledger.mt_events l where l.type = 'device_locked' and l.data->>'region' = 'BY'
            and not exists (select 1 from ledger.mt_events w where w.type = 'device_warned' and w.stream_id = l.stream_id and w.seq_id < l.seq_id)
            """));
        Assert.Equal(careful.Warned, await ledger.Scalar("select count(*) from ledger.mt_events where type = 'notice_delivered'"));
        var decisions = (await Report("enforcement-decisions", "2022-02-01", "2022-04-01")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(r => r.Split(',')).Where(r => r[0] == "BY").ToList();
        Assert.Equal(careful.Warned, decisions.Sum(r => int.Parse(r[4])));
        Assert.Equal(careful.Locked, decisions.Sum(r => int.Parse(r[3])));
        Assert.Equal(careful.Waived, decisions.Sum(r => int.Parse(r[6]) + int.Parse(r[7]) + int.Parse(r[8]) + int.Parse(r[9])));
        await ledger.ChainCaughtUp();
        var verified = await ledger.Verify();
        Assert.True(verified.Intact, string.Join("; ", verified.Findings.Select(f => f.Detail)));
    }

    private async Task<string> Report(string type, string from = "2021-09-01T00:00:00Z", string to = "2022-01-01T00:00:00Z") =>
        Encoding.UTF8.GetString(await (await ledger.Client.GetAsync(
            $"/api/reports/{type}?from={from}&to={to}")).Content.ReadAsByteArrayAsync());
}
