using RegionLock.Ledger.Reports.AppealOutcomes;
using RegionLock.Ledger.Reports.EnforcementDecisions;
using RegionLock.Ledger.Reports.LockRegister;
using RegionLock.Ledger.Reports.LocksByRegion;
using RegionLock.Ledger.Reports.PolicyTimeline;
using RegionLock.Ledger.Reports.UnlockLatency;

namespace RegionLock.Ledger.Reports;

/// <summary>The regulator-facing reports, by name.</summary>
public static class ReportCatalogue
{
    public static readonly IReadOnlyList<string> Names =
        [LockRegisterReport.Name, LocksByRegionReport.Name, AppealOutcomesReport.Name, UnlockLatencyReport.Name,
         PolicyTimelineReport.Name, EnforcementDecisionsReport.Name];

    /// <summary>The rule of a command's report field: one of the catalogue's names.</summary>
    public static IRuleBuilderOptions<T, string> KnownReport<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(Names.Contains).WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", Names)}");

    /// <summary>
    /// The report as it is read: the lock register's rows one at a time (they grow with the period); the others are
    /// per region and day, month or investigation, few, and built whole.
    /// </summary>
    public static async Task<ReportStream> Stream(string name, IQuerySession session, ReportRequest request,
                                                  CancellationToken cancellation) =>
        name == LockRegisterReport.Name
            ? await LockRegisterReport.Stream(session, request, cancellation)
            : ReportStream.Of(await Build(name, session, request, cancellation));

    public static Task<ReportFile> Build(string name, IQuerySession session, ReportRequest request,
                                         CancellationToken cancellation) => name switch
    {
        LockRegisterReport.Name => LockRegisterReport.Build(session, request, cancellation),
        LocksByRegionReport.Name => LocksByRegionReport.Build(session, request, cancellation),
        AppealOutcomesReport.Name => AppealOutcomesReport.Build(session, request, cancellation),
        UnlockLatencyReport.Name => UnlockLatencyReport.Build(session, request, cancellation),
        PolicyTimelineReport.Name => PolicyTimelineReport.Build(session, request, cancellation),
        EnforcementDecisionsReport.Name => EnforcementDecisionsReport.Build(session, request, cancellation),
        _ => throw new NotInLedger($"no report '{name}'; the reports are: {string.Join(", ", Names)}"),
    };
}
