using System.IO.Compression;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>Asks for a signed export bundle of a report and period.</summary>
public sealed record ExportReport(string Report, string From, string To, string? Region, string? AsKnownAt);

public sealed class ExportReportValidator : AbstractValidator<ExportReport>
{
    public ExportReportValidator()
    {
        RuleFor(c => c.Report).NotEmpty().Must(ReportCatalogue.Names.Contains)
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", ReportCatalogue.Names)}");
        RuleFor(c => c.From).NotEmpty();
        RuleFor(c => c.To).NotEmpty();
    }
}

public static class ExportEndpoint
{
    // Fixed entry times: the archive, like its files, is the same bytes for the same events.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Allow(Role.Compliance, Role.Auditor)]
    [AppendsNothing]
    [WolverinePost("/api/exports"), ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Post(ExportReport command, ExportBundle bundle, TimeProvider clock,
                                           CancellationToken cancellation)
    {
        var request = ReportRequest.Parse(command.From, command.To, command.Region, command.AsKnownAt, clock.GetUtcNow());
        var files = await bundle.Build(command.Report, request, cancellation);

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                await using var stream = entry.Open();
                await stream.WriteAsync(bytes, cancellation);
            }
        }
        return Results.File(zip.ToArray(), "application/zip",
                            $"export_{command.Report}_{request.From.UtcDateTime:yyyyMMdd}-{request.To.UtcDateTime:yyyyMMdd}.zip");
    }
}
