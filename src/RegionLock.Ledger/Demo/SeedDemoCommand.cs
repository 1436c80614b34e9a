using JasperFx.CommandLine;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Demo;

public sealed class SeedDemoInput : NetCoreInput
{
    [Description("How many devices (default 3000)")]
    [FlagAlias("devices")]
    public int DevicesFlag { get; set; } = 3000;
}

/// <summary>`seed-demo`: loads the September 2021 incident into an empty ledger, then prints a taste of the reports.</summary>
[Description("Load the September 2021 incident into an empty ledger", Name = "seed-demo")]
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

        var request = ReportRequest.Parse("2021-09-01T00:00:00Z", "2022-01-01T00:00:00Z", null, null, DateTimeOffset.UtcNow);
        await using var session = store.QuerySession();
        foreach (var report in new[] { "unlock-latency", "appeal-outcomes", "policy-timeline" })
        {
            var file = await ReportCatalogue.Build(report, session, request, CancellationToken.None);
            Console.WriteLine($"\n{report} (2021-09-01 to 2022-01-01):");
            Console.Write(System.Text.Encoding.UTF8.GetString(file.Write("csv")).Replace("\r\n", "\n"));
        }
        return true;
    }
}
