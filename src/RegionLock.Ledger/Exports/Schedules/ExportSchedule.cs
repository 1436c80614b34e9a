using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports.Schedules;

/// <summary>A schedule as its stream tells it, folded inline: when it runs next and the manifest its next delta follows.</summary>
public sealed record ExportSchedule(string Id, ExportScheduled Definition, DateTimeOffset? NextRunAt, string? LastManifestSha256,
                                    int Runs, int Version)
{
    public static ExportSchedule Create(ExportScheduled scheduled) =>
        new(scheduled.ScheduleId.ToString(), scheduled, scheduled.FirstRunAt, null, 0, 0);

    public ExportSchedule Apply(ScheduledExportRan ran) =>
        this with { NextRunAt = NextAfter(Definition.DayOfMonth, ran.DueAt), LastManifestSha256 = ran.ManifestSha256, Runs = Runs + 1 };

    public ExportSchedule Apply(ExportScheduleCancelled _) => this with { NextRunAt = null };

    /// <summary>The first 00:00 UTC of the day of the month after an instant.</summary>
    public static DateTimeOffset NextAfter(int dayOfMonth, DateTimeOffset after)
    {
        var candidate = new DateTimeOffset(after.UtcDateTime.Year, after.UtcDateTime.Month, dayOfMonth, 0, 0, 0, TimeSpan.Zero);
        return candidate > after ? candidate : candidate.AddMonths(1);
    }

    /// <summary>
    /// What the run due at an instant exports: as known at that instant, so that a run made late (the service was down)
    /// gives the bytes it would have given on time.
    /// </summary>
    public ExportOrder OrderFor(DateTimeOffset dueAt)
    {
        var month = new DateTimeOffset(dueAt.UtcDateTime.Year, dueAt.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var (from, to) = Definition.From is { } start ? (start, dueAt) : (month.AddMonths(-1), month);
        return new ExportOrder(Definition.Report, new ReportRequest(from, to, Definition.Region, dueAt), Definition.Recipient,
                               Definition.Purpose, Definition.Delta ? LastManifestSha256 : null, Definition.ScheduleId);
    }
}
