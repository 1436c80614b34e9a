using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>Asks for a signed export bundle of a report and period, for a recipient and a purpose.</summary>
/// <param name="Since">The SHA-256 of an earlier export's manifest (same report): only the rows changed since.</param>
public sealed record ExportReport(string Report, string From, string To, string? Region, string? AsKnownAt, string Recipient,
                                  string Purpose, string? Since);

public sealed class ExportReportValidator : AbstractValidator<ExportReport>
{
    public ExportReportValidator()
    {
        RuleFor(c => c.Report).KnownReport();
        RuleFor(c => c.From).NotEmpty();
        RuleFor(c => c.To).NotEmpty();
        RuleFor(c => c.Recipient).Text(200);
        RuleFor(c => c.Purpose).Text(500);
        RuleFor(c => c.Since).Matches("^[0-9a-f]{64}$").WithMessage("'{PropertyName}' must be a manifest's SHA-256 (64 lowercase hex digits)");
    }
}

public static class ExportEndpoint
{
    [Allow(Role.Compliance, Role.Auditor)]
    [AsksNoChange]
    [RecordsAccess("export")]
    [WolverinePost("/api/exports"), ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Post(ExportReport command, Exporting exporting, HttpContext context, TimeProvider clock,
                                           CancellationToken cancellation)
    {
        var request = ReportRequest.Parse(command.From, command.To, command.Region, command.AsKnownAt, clock.GetUtcNow());
        var order = new ExportOrder(command.Report, request, command.Recipient, command.Purpose, command.Since);
        using var folder = new TemporaryFolder();
        return await Bundle(await exporting.Export(order, Actor.Of(context), folder.File("bundle"), cancellation), folder, cancellation);
    }

    /// <summary>The zip of a disclosed bundle, named by its report, period and disclosure, streamed from a file.</summary>
    public static async Task<IResult> Bundle(DisclosedExport export, TemporaryFolder folder, CancellationToken cancellation)
    {
        var (disclosure, request) = (export.Disclosure, export.Disclosure.Request);
        var zip = folder.File("bundle.zip");
        await ExportBundle.Zip(export.Folder, zip, cancellation);
        return Results.File(TemporaryFolder.Send(zip), "application/zip",
                            $"export_{disclosure.Report}_{request.From.UtcDateTime:yyyyMMdd}-{request.To.UtcDateTime:yyyyMMdd}" +
                            $"{(disclosure.Since is null ? "" : "_delta")}_{disclosure.DisclosureId}.zip");
    }
}
