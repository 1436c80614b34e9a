using JasperFx.CommandLine;
using RegionLock.Ledger.Disclosures;

namespace RegionLock.Ledger.Reports;

public sealed class ReportInput : NetCoreInput
{
    [Description("The report: lock-register")]
    public string Type { get; set; } = "";

    [Description("Start of the business period (ISO 8601 instant, inclusive)")]
    [FlagAlias("from")]
    public string FromFlag { get; set; } = "";

    [Description("End of the business period (ISO 8601 instant, exclusive)")]
    [FlagAlias("to")]
    public string ToFlag { get; set; } = "";

    [Description("Only this region and the regions inside it")]
    [FlagAlias("region")]
    public string? RegionFlag { get; set; }

    [Description("csv (default) or json")]
    [FlagAlias("format")]
    public string FormatFlag { get; set; } = "csv";

    [Description("Count only the events recorded by this instant (default: now)")]
    [FlagAlias("as-known-at")]
    public string? AsKnownAtFlag { get; set; }

    [Description("Who asks, as the disclosure log records it (default: the operating system user)")]
    [FlagAlias("by")]
    public string? ByFlag { get; set; }

    [Description("The file to write; standard output when omitted")]
    [FlagAlias("out")]
    public string? OutFlag { get; set; }
}

/// <summary>`report TYPE --from --to [--region] [--format] [--as-known-at] [--by] [--out]`: the API's report, as a file, recorded as disclosed.</summary>
[Description("Write a regulator report for a business period", Name = "report")]
public sealed class ReportCommand : JasperFxAsyncCommand<ReportInput>
{
    public override async Task<bool> Execute(ReportInput input)
    {
        using var host = input.BuildHost();
        var format = ReportFile.Format(input.FormatFlag);
        var request = ReportRequest.Parse(input.FromFlag, input.ToFlag, input.RegionFlag, input.AsKnownAtFlag,
                                          DateTimeOffset.UtcNow);
        using var folder = new TemporaryFolder();
        var path = input.OutFlag ?? folder.File("report");
        await host.Services.GetRequiredService<DisclosureLog>().DiscloseReport(
            input.Type, format, request, new Actor(input.ByFlag ?? Environment.UserName, Role.Compliance), path, CancellationToken.None);
        if (input.OutFlag is null)
        {
            await using var file = File.OpenRead(path);
            await file.CopyToAsync(Console.OpenStandardOutput());
        }
        return true;
    }
}
