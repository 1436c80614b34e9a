using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Reports.LockRecords;

namespace RegionLock.Ledger.Reports;

/// <summary>A lock known at the report's as-known-at instant, with its unlock if that too was known then.</summary>
public sealed record LockInterval(DeviceLocked Locked, DeviceUnlocked? Unlocked)
{
    public DateTimeOffset LockedAt => Locked.EffectiveAt;
    public DateTimeOffset? UnlockedAt => Unlocked?.EffectiveAt;

    public bool IsActiveAt(DateTimeOffset instant) => LockedAt <= instant && (UnlockedAt is null || UnlockedAt > instant);

    public static LockInterval AsKnownAt(LockRecord record, DateTimeOffset asKnownAt) =>
        new(record.Locked, record.UnlockRecordedAt <= asKnownAt ? record.Unlocked : null);

    /// <summary>
    /// The locks that were in effect at some time in the report's period, as known at its instant: those that took
    /// effect before its end and were not lifted (as far as the ledger then knew) before its start. Read from the lock
    /// records by indexed columns: the rows of the period and the locks still open, never every lock ever recorded.
    /// </summary>
    public static async Task<List<LockInterval>> Read(IQuerySession session, ReportRequest request,
                                                      CancellationToken cancellation)
    {
        var (from, to, knownAt) = (request.From, request.To, request.AsKnownAt);
        var records = await session.Query<LockRecord>()
            .Where(r => r.LockRecordedAt <= knownAt && r.LockedAt < to &&
                        (r.UnlockedAt == null || r.UnlockedAt >= from || r.UnlockRecordedAt > knownAt))
            .ToListAsync(cancellation);
        return records.Select(r => AsKnownAt(r, knownAt)).ToList();
    }

    /// <summary>
    /// The locks placed in the report's period as known at its instant, streamed from the lock records in the lock
    /// register's order: when they took effect, then IMEI, then lock id (PostgreSQL orders uuids as .NET orders Guids).
    /// </summary>
    public static IAsyncEnumerable<LockInterval> PlacedIn(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var (from, to, knownAt) = (request.From, request.To, request.AsKnownAt);
        return session.Query<LockRecord>()
            .Where(r => r.LockRecordedAt <= knownAt && r.LockedAt >= from && r.LockedAt < to)
            .OrderBy(r => r.LockedAt).ThenBy(r => r.Locked.Imei).ThenBy(r => r.Id)
            .ToAsyncEnumerable(cancellation)
            .Select(r => AsKnownAt(r, knownAt));
    }
}
