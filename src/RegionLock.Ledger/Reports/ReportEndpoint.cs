using RegionLock.Ledger.Reports.AppealOutcomes;
using RegionLock.Ledger.Reports.LockRegister;
using RegionLock.Ledger.Reports.LocksByRegion;
using RegionLock.Ledger.Reports.PolicyTimeline;
using RegionLock.Ledger.Reports.UnlockLatency;

namespace RegionLock.Ledger.Reports;

/// <summary>The regulator-facing reports, by name.</summary>
public static class Reports
{
    public static readonly IReadOnlyList<string> Names =
        [LockRegisterReport.Name, LocksByRegionReport.Name, AppealOutcomesReport.Name, UnlockLatencyReport.Name,
         PolicyTimelineReport.Name];

    public static Task<ReportFile> Build(string name, IQuerySession session, ReportRequest request,
                                         CancellationToken cancellation) => name switch
    {
        LockRegisterReport.Name => LockRegisterReport.Build(session, request, cancellation),
        LocksByRegionReport.Name => LocksByRegionReport.Build(session, request, cancellation),
        AppealOutcomesReport.Name => AppealOutcomesReport.Build(session, request, cancellation),
        UnlockLatencyReport.Name => UnlockLatencyReport.Build(session, request, cancellation),
        PolicyTimelineReport.Name => PolicyTimelineReport.Build(session, request, cancellation),
        _ => throw new NotInLedger($"no report '{name}'; the reports are: {string.Join(", ", Names)}"),
    };
}

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
        var report = await Reports.Build(type, session, request, cancellation);
        return Results.File(report.Write(format), report.ContentType(format), report.FileName(format));
    }
}
