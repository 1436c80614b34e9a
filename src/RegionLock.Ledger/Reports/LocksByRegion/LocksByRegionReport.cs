using System.ComponentModel.DataAnnotations;
namespace RegionLock.Ledger.Reports.LocksByRegion;

/// <summary>
/// locks-by-region: per region and UTC day of the period — locks placed, unlocks, and devices locked there at the end
/// of the day. Days on which nothing happened and nothing was locked are left out.
/// </summary>
public static class LocksByRegionReport
{
    public const string Name = "locks-by-region";

    public sealed record Row([property: Key] string Region, [property: Key] string Day, int Locks, int Unlocks, int DevicesLockedAtEndOfDay);

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation) =>
        Of(await LockInterval.Read(session, request, cancellation), request);

    /// <summary>The report from the locks known at its instant, whatever they were read from.</summary>
    public static ReportFile Of(IEnumerable<LockInterval> known, ReportRequest request)
    {
        var locks = known.Where(l => request.Includes(l.Locked.Region)).ToList();
        var firstDay = DateOnly.FromDateTime(request.From.UtcDateTime);
        var days = Enumerable.Range(0, (int)Math.Ceiling((request.To - Midnight(firstDay)).TotalDays))
            .Select(firstDay.AddDays).ToList();

        var rows = new List<Row>();
        foreach (var region in locks.Select(l => l.Locked.Region).Distinct().Order(StringComparer.Ordinal))
        {
            var inRegion = locks.Where(l => l.Locked.Region == region).ToList();
            foreach (var day in days)
            {
                var start = Midnight(day) < request.From ? request.From : Midnight(day);
                var end = Midnight(day.AddDays(1)) > request.To ? request.To : Midnight(day.AddDays(1));
                var placed = inRegion.Count(l => l.LockedAt >= start && l.LockedAt < end);
                var lifted = inRegion.Count(l => l.UnlockedAt >= start && l.UnlockedAt < end);
                var lockedAtEnd = inRegion.Where(l => l.IsActiveAt(end.AddTicks(-1))).Select(l => l.Locked.Imei).Distinct().Count();
                if (placed + lifted + lockedAtEnd > 0) rows.Add(new Row(region, day.ToString("yyyy-MM-dd"), placed, lifted, lockedAtEnd));
            }
        }
        return ReportFile.Of(Name, request, rows);
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
