namespace RegionLock.Ledger.Reports;

public static class ReportEndpoint
{
    // Reports are files: CSV (RFC 4180) or JSON, the same bytes for the same events.
    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/reports/{type}"), ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Get(string type, [FromQuery] string? from, [FromQuery] string? to,
                                          [FromQuery] string? region, [FromQuery] string? format,
                                          [FromQuery] string? asKnownAt, IQuerySession session, TimeProvider clock,
                                          CancellationToken cancellation)
    {
        format = ReportFile.Format(format);
        var request = ReportRequest.Parse(from, to, region, asKnownAt, clock.GetUtcNow());
        var report = await ReportCatalogue.Build(type, session, request, cancellation);
        return Results.File(report.Write(format), report.ContentType(format), report.FileName(format));
    }
}
