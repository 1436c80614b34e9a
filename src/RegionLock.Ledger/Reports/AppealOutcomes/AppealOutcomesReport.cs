using System.ComponentModel.DataAnnotations;
using RegionLock.Ledger.Appeals;

namespace RegionLock.Ledger.Reports.AppealOutcomes;

/// <summary>
/// appeal-outcomes: per region (of the contested lock) and month the appeal was filed — filed, granted, denied,
/// withdrawn, still open (as known at the report's instant), and the median days from filing to decision
/// (nearest rank, over the decided ones).
/// </summary>
public static class AppealOutcomesReport
{
    public const string Name = "appeal-outcomes";

    public sealed record Row([property: Key] string Region, [property: Key] string Month, int Filed, int Granted, int Denied, int Withdrawn, int Open,
                             decimal? MedianDaysToDecision);

    private sealed record Filed(AppealFiled Appeal)
    {
        public AppealStatus Status { get; set; } = AppealStatus.Open;
        public DateTimeOffset? DecidedAt { get; set; }
    }

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var appeals = new Dictionary<Guid, Filed>();
        var events = ReportEvents.Read(session, request,
            [typeof(AppealFiled), typeof(AppealDecided), typeof(AppealWithdrawn)], cancellation);
        await foreach (var e in events)
        {
            switch (e)
            {
                case IEvent<AppealFiled> filed: appeals[filed.Data.AppealId] = new Filed(filed.Data); break;
                case IEvent<AppealDecided> decided when appeals.TryGetValue(decided.Data.AppealId, out var appeal):
                    (appeal.Status, appeal.DecidedAt) = (AppealStatuses.Decided(decided.Data.Outcome), decided.Data.EffectiveAt);
                    break;
                case IEvent<AppealWithdrawn> withdrawn when appeals.TryGetValue(withdrawn.Data.AppealId, out var appeal):
                    appeal.Status = AppealStatus.Withdrawn;
                    break;
            }
        }

        var rows = appeals.Values
            .Where(a => request.Covers(a.Appeal.EffectiveAt) && request.Includes(a.Appeal.Region))
            .GroupBy(a => (a.Appeal.Region, Month: a.Appeal.EffectiveAt.UtcDateTime.ToString("yyyy-MM")))
            .OrderBy(g => g.Key.Region, StringComparer.Ordinal).ThenBy(g => g.Key.Month, StringComparer.Ordinal)
            .Select(g =>
            {
                var days = g.Where(a => a.DecidedAt is not null)
                    .Select(a => Math.Round((decimal)(a.DecidedAt!.Value - a.Appeal.EffectiveAt).TotalDays, 2)).Order().ToList();
                return new Row(g.Key.Region, g.Key.Month, g.Count(), g.Count(a => a.Status == AppealStatus.Granted),
                               g.Count(a => a.Status == AppealStatus.Denied), g.Count(a => a.Status == AppealStatus.Withdrawn),
                               g.Count(a => a.Status == AppealStatus.Open), Percentile.NearestRank(days, 50));
            });
        return ReportFile.Of(Name, request, rows);
    }
}
