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

    [Description("Who receives the bundle (recorded in the disclosure log)")]
    [FlagAlias("recipient")]
    public string RecipientFlag { get; set; } = "";

    [Description("Why they receive it (recorded in the disclosure log)")]
    [FlagAlias("purpose")]
    public string PurposeFlag { get; set; } = "";

    [Description("Only the rows changed since the export whose manifest has this SHA-256")]
    [FlagAlias("since")]
    public string? SinceFlag { get; set; }

    [Description("Who exports, as the disclosure log records it (default: the operating system user)")]
    [FlagAlias("by")]
    public string? ByFlag { get; set; }

    [Description("The folder to write the bundle into")]
    [FlagAlias("out")]
    public string OutFlag { get; set; } = "export";
}

/// <summary>
/// `export REPORT --from --to [--region] [--as-known-at] --recipient --purpose [--since SHA256] --out DIR`: a signed
/// export bundle as a folder, recorded in the disclosure log as the API's are.
/// </summary>
[Description("Write a signed export bundle of a report and period, recorded as disclosed", Name = "export")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public override async Task<bool> Execute(ExportInput input)
    {
        var command = new ExportReport(input.Report, input.FromFlag, input.ToFlag, input.RegionFlag, input.AsKnownAtFlag,
                                       input.RecipientFlag, input.PurposeFlag, input.SinceFlag);
        if (new ExportReportValidator().Validate(command) is { IsValid: false } invalid)
        {
            foreach (var error in invalid.Errors) Console.Error.WriteLine(error.ErrorMessage);
            return false;
        }
        using var host = input.BuildHost();
        var request = ReportRequest.Parse(input.FromFlag, input.ToFlag, input.RegionFlag, input.AsKnownAtFlag, DateTimeOffset.UtcNow);
        var order = new ExportOrder(input.Report, request, input.RecipientFlag, input.PurposeFlag, input.SinceFlag);
        var export = await host.Services.GetRequiredService<Exporting>().Export(
            order, new Actor(input.ByFlag ?? Environment.UserName, Role.Compliance), input.OutFlag, CancellationToken.None);
        Console.WriteLine($"export written to {input.OutFlag} (disclosure {export.Disclosure.DisclosureId}, manifest " +
                          $"{export.Disclosure.ManifestSha256}); check with: verify --export {input.OutFlag}");
        return true;
    }
}
