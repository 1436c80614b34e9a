using RegionLock.Ledger.Disclosures;

namespace RegionLock.Ledger.Reports;

public static class ReportEndpoint
{
    // Reports are files: CSV (RFC 4180) or JSON, the same bytes for the same events, each recorded as disclosed.
    [Allow(Role.Compliance, Role.Auditor)]
    [RecordsAccess("report")]
    [WolverineGet("/api/reports/{type}"), ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Get(string type, [FromQuery] string? from, [FromQuery] string? to,
                                          [FromQuery] string? region, [FromQuery] string? format,
                                          [FromQuery] string? asKnownAt, DisclosureLog log, HttpContext context,
                                          TimeProvider clock, CancellationToken cancellation)
    {
        format = ReportFile.Format(format);
        var request = ReportRequest.Parse(from, to, region, asKnownAt, clock.GetUtcNow());
        using var folder = new TemporaryFolder();
        var path = folder.File("report");
        await log.DiscloseReport(type, format, request, Actor.Of(context), path, cancellation);
        return Results.File(TemporaryFolder.Send(path), ReportFile.ContentType(format), ReportFile.FileName(type, request, format));
    }
}
