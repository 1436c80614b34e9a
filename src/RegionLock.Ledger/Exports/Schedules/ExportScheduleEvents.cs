using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports.Schedules;

// A schedule's stream, keyed by its id: created, run on each due day, perhaps cancelled.

/// <summary>
/// A report exported to a recipient every month on <paramref name="DayOfMonth"/> (00:00 UTC), from
/// <paramref name="FirstRunAt"/> on. Each run covers <paramref name="From"/> to its due instant, or the calendar month
/// before it when From is null; a delta schedule sends, after its first full export, only the rows changed since the
/// run before.
/// </summary>
public sealed record ExportScheduled(Guid ScheduleId, string Report, string? Region, int DayOfMonth, DateTimeOffset FirstRunAt,
                                     DateTimeOffset? From, bool Delta, string Recipient, string Purpose);

/// <summary>A due run done: its bundle written to the exports folder and recorded as a disclosure.</summary>
public sealed record ScheduledExportRan(Guid ScheduleId, DateTimeOffset DueAt, Guid DisclosureId, string ManifestSha256,
                                        string File, ReportRequest Request);

public sealed record ExportScheduleCancelled(Guid ScheduleId, string Reason);
