using JasperFx.CommandLine;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

public sealed class ExportInput : NetCoreInput
{
    [Description("The report to export")]
    public string Report { get; set; } = "";

    [FlagAlias("from")] public string FromFlag { get; set; } = "";
    [FlagAlias("to")] public string ToFlag { get; set; } = "";
    [FlagAlias("region")] public string? RegionFlag { get; set; }
    [FlagAlias("as-known-at")] public string? AsKnownAtFlag { get; set; }

    [Description("The folder to write the bundle into")]
    [FlagAlias("out")]
    public string OutFlag { get; set; } = "export";
}

/// <summary>`export REPORT --from --to [--region] [--as-known-at] --out DIR`: a signed export bundle as a folder.</summary>
[Description("Write a signed export bundle of a report and period", Name = "export")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public override async Task<bool> Execute(ExportInput input)
    {
        using var host = input.BuildHost();
        var request = ReportRequest.Parse(input.FromFlag, input.ToFlag, input.RegionFlag, input.AsKnownAtFlag, DateTimeOffset.UtcNow);
        await host.Services.GetRequiredService<ExportBundle>().WriteFolder(input.OutFlag, input.Report, request, CancellationToken.None);
        Console.WriteLine($"export written to {input.OutFlag}; check with: verify --export {input.OutFlag}");
        return true;
    }
}
