using RegionLock.Ledger.Disclosures;

namespace RegionLock.Ledger.Reports;

public static class ReportEndpoint
{
    // Reports are files: CSV (RFC 4180) or JSON, the same bytes for the same events, each recorded as disclosed.
    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/reports/{type}"), ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Get(string type, [FromQuery] string? from, [FromQuery] string? to,
                                          [FromQuery] string? region, [FromQuery] string? format,
                                          [FromQuery] string? asKnownAt, DisclosureLog log, HttpContext context,
                                          TimeProvider clock, CancellationToken cancellation)
    {
        format = ReportFile.Format(format);
        var request = ReportRequest.Parse(from, to, region, asKnownAt, clock.GetUtcNow());
        var (report, bytes) = await log.DiscloseReport(type, format, request, Actor.Of(context), cancellation);
        return Results.File(bytes, report.ContentType(format), report.FileName(format));
    }
}
