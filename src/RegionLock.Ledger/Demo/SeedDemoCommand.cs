using JasperFx.CommandLine;
using RegionLock.Ledger.Policy.Impact;
using RegionLock.Ledger.Reports;
using RegionLock.Ledger.Reports.EnforcementDecisions;

namespace RegionLock.Ledger.Demo;

public sealed class SeedDemoInput : NetCoreInput
{
    [Description("How many devices (default 3000)")]
    [FlagAlias("devices")]
    public int DevicesFlag { get; set; } = 3000;
}

/// <summary>`seed-demo`: loads the September 2021 incident into an empty ledger, then prints a taste of the reports.</summary>
[Description("Load the September 2021 incident, and the careful path beside it, into an empty ledger", Name = "seed-demo")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<SeedDemoInput>
{
    public override async Task<bool> Execute(SeedDemoInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using (var query = store.QuerySession())
        {
            if (await query.Events.QueryAllRawEvents().AnyAsync())
            {
                Console.Error.WriteLine("the ledger already holds events; seed-demo only fills an empty one (ops/postgres reset)");
                return false;
            }
        }

        var summary = await DemoLedger.Seed(store, input.DevicesFlag, CancellationToken.None);
        Console.WriteLine($"seeded {summary.Devices:N0} devices, {summary.Appeals:N0} appeals, {summary.Events:N0} events; " +
                          $"investigation {summary.InvestigationId}");
        var careful = await CarefulPath.Seed(store, host.Services.GetRequiredService<ImpactAnalyst>(),
                                             Math.Max(20, input.DevicesFlag / 10), CancellationToken.None);
        Console.WriteLine($"the careful path: {careful.Devices:N0} devices seen in {CarefulPath.Region}; proposal {careful.ProposalId} " +
                          $"weighed {careful.Impact.Devices:N0} devices to lock at effect ({careful.Impact.Spared:N0} spared), " +
                          $"approved by a second officer; then {careful.Waived:N0} waivers, {careful.Warned:N0} warnings, " +
                          $"{careful.Lapsed:N0} lapsed, {careful.Locked:N0} locks; {careful.Events:N0} events");
        Console.WriteLine("Illustrative, not historical: the Belarus restriction of March 2022 (the careful path) was never made, and " +
                          "Sudan's place on the 2021 list and its lift on 2021-12-14 are the maker's own policy, invented here: the US " +
                          "Sudanese Sanctions Regulations (31 CFR 538) were revoked in 2017.");

        var request = ReportRequest.Parse("2021-09-01T00:00:00Z", "2022-01-01T00:00:00Z", null, null, DateTimeOffset.UtcNow);
        await using var session = store.QuerySession();
        var carefulPeriod = ReportRequest.Parse("2022-02-01", "2022-04-01", CarefulPath.Region, null, DateTimeOffset.UtcNow);
        foreach (var (report, period) in new[] { ("unlock-latency", request), ("appeal-outcomes", request), ("policy-timeline", request),
                                                 (EnforcementDecisionsReport.Name, carefulPeriod) })
        {
            var file = await ReportCatalogue.Build(report, session, period, CancellationToken.None);
            Console.WriteLine($"\n{report} ({period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}{(period.Region is null ? "" : ", " + period.Region)}):");
            Console.Write(System.Text.Encoding.UTF8.GetString(file.Write("csv")).Replace("\r\n", "\n"));
        }
        return true;
    }
}
