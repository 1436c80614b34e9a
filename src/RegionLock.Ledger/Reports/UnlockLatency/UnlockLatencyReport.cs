using System.ComponentModel.DataAnnotations;
using RegionLock.Ledger.Investigations;

namespace RegionLock.Ledger.Reports.UnlockLatency;

/// <summary>
/// unlock-latency: per investigation with locks placed in the period — devices locked, devices unlocked, and the
/// median and 95th percentile of the hours from lock to unlock (nearest-rank percentiles over the unlocked ones).
/// </summary>
public static class UnlockLatencyReport
{
    public const string Name = "unlock-latency";

    public sealed record Row([property: Key] Guid InvestigationId, string? Title, int DevicesLocked, int DevicesUnlocked,
                             decimal? MedianHoursToUnlock, decimal? P95HoursToUnlock);

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var titles = new Dictionary<Guid, string>();
        await foreach (var e in ReportEvents.Read(session, request, [typeof(InvestigationOpened)], cancellation))
        {
            if (e is IEvent<InvestigationOpened> opened) titles[opened.Data.InvestigationId] = opened.Data.Title;
        }

        return Of(await LockInterval.Read(session, request, cancellation), titles, request);
    }

    /// <summary>The report from the locks known at its instant, whatever they were read from, and the investigations' titles.</summary>
    public static ReportFile Of(IEnumerable<LockInterval> locks, IReadOnlyDictionary<Guid, string> titles, ReportRequest request)
    {
        var rows = locks
            .Where(l => l.Locked.InvestigationId is not null)
            .Where(l => request.Covers(l.Locked.EffectiveAt) && request.Includes(l.Locked.Region))
            .GroupBy(l => l.Locked.InvestigationId!.Value)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var hours = g.Where(l => l.UnlockedAt is not null)
                    .Select(l => Math.Round((decimal)(l.UnlockedAt!.Value - l.Locked.EffectiveAt).TotalHours, 2))
                    .Order().ToList();
                return new Row(g.Key, titles.GetValueOrDefault(g.Key), g.Select(l => l.Locked.Imei).Distinct().Count(),
                               g.Where(l => l.UnlockedAt is not null).Select(l => l.Locked.Imei).Distinct().Count(),
                               Percentile.NearestRank(hours, 50), Percentile.NearestRank(hours, 95));
            });
        return ReportFile.Of(Name, request, rows);
    }
}
