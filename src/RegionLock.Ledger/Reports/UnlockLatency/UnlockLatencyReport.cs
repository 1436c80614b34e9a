using JasperFx.Events;
using Marten;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Investigations;

namespace RegionLock.Ledger.Reports.UnlockLatency;

/// <summary>
/// unlock-latency: per investigation with locks placed in the period — devices locked, devices unlocked, and the
/// median and 95th percentile of the hours from lock to unlock (nearest-rank percentiles over the unlocked ones).
/// </summary>
public static class UnlockLatencyReport
{
    public const string Name = "unlock-latency";

    public static readonly string[] Header =
        ["investigation_id", "title", "devices_locked", "devices_unlocked", "median_hours_to_unlock", "p95_hours_to_unlock"];

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var titles = new Dictionary<Guid, string>();
        var locks = new Dictionary<Guid, (DeviceLocked Locked, DateTimeOffset? UnlockedAt)>();
        var events = ReportEvents.Read(session, request,
            [typeof(InvestigationOpened), typeof(DeviceLocked), typeof(DeviceUnlocked)], cancellation);
        await foreach (var e in events)
        {
            switch (e)
            {
                case IEvent<InvestigationOpened> opened: titles[opened.Data.InvestigationId] = opened.Data.Title; break;
                case IEvent<DeviceLocked> { Data.InvestigationId: not null } locked:
                    locks[locked.Data.LockId] = (locked.Data, null);
                    break;
                case IEvent<DeviceUnlocked> unlocked when locks.TryGetValue(unlocked.Data.LockId, out var held):
                    locks[unlocked.Data.LockId] = held with { UnlockedAt = unlocked.Data.EffectiveAt };
                    break;
            }
        }

        var rows = locks.Values
            .Where(l => request.Covers(l.Locked.EffectiveAt) && request.Includes(l.Locked.Region))
            .GroupBy(l => l.Locked.InvestigationId!.Value)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var hours = g.Where(l => l.UnlockedAt is not null)
                    .Select(l => Math.Round((decimal)(l.UnlockedAt!.Value - l.Locked.EffectiveAt).TotalHours, 2))
                    .Order().ToList();
                return (IReadOnlyList<object?>)
                [
                    g.Key, titles.GetValueOrDefault(g.Key), g.Select(l => l.Locked.Imei).Distinct().Count(),
                    g.Where(l => l.UnlockedAt is not null).Select(l => l.Locked.Imei).Distinct().Count(),
                    NearestRank(hours, 50), NearestRank(hours, 95),
                ];
            })
            .ToList();
        return new ReportFile(Name, request, Header, rows);
    }

    /// <summary>The nearest-rank percentile: the value at rank ceil(p/100 × n) of the sorted values.</summary>
    public static decimal? NearestRank(IReadOnlyList<decimal> sorted, int percentile) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(percentile / 100m * sorted.Count) - 1];
}
