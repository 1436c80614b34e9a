using JasperFx.Events.Projections;
using Marten.Events.Projections;
using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Reports.LockRecords;

/// <summary>
/// One lock and its unlock, each with when the ledger recorded it: the read model the reports read only the rows of
/// their period from. The recording instants keep "as known at" exact: a lock recorded after the instant is left
/// out, an unlock recorded after it does not count (<see cref="LockInterval.AsKnownAt"/>).
/// </summary>
/// <param name="Id">The lock id.</param>
/// <param name="LockedAt">When the lock took effect (its business time), kept in a column for the period's query.</param>
/// <param name="UnlockedAt">When the unlock took effect, if the lock was lifted.</param>
public sealed record LockRecord(Guid Id, DeviceLocked Locked, DateTimeOffset LockedAt, DateTimeOffset LockRecordedAt,
                                DeviceUnlocked? Unlocked, DateTimeOffset? UnlockedAt, DateTimeOffset? UnlockRecordedAt);

/// <summary>Folded inline from the device streams' locks and unlocks, one document per lock: committed with them.</summary>
public sealed partial class LockRecordProjection : MultiStreamProjection<LockRecord, Guid>
{
    public LockRecordProjection()
    {
        Identity<DeviceLocked>(e => e.LockId);
        Identity<DeviceUnlocked>(e => e.LockId);
    }

    public LockRecord Create(IEvent<DeviceLocked> e) =>
        new(e.Data.LockId, e.Data, e.Data.EffectiveAt, PostgresTime.Stored(e.Timestamp), null, null, null);

    public LockRecord Apply(IEvent<DeviceUnlocked> e, LockRecord record) =>
        record with { Unlocked = e.Data, UnlockedAt = e.Data.EffectiveAt, UnlockRecordedAt = PostgresTime.Stored(e.Timestamp) };

    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<LockRecordProjection>(ProjectionLifecycle.Inline);
        // The period's query: locks in effect before its end that were not lifted before its start (as known then).
        options.Schema.For<LockRecord>().Duplicate(r => r.LockedAt).Duplicate(r => r.UnlockedAt)
            .Duplicate(r => r.LockRecordedAt).Duplicate(r => r.UnlockRecordedAt)
            // An investigation's progress: its locks found by index, not by a scan of every lock. Duplicated from the
            // lock event's own field (column lockedinvestigation_id, as Marten names it) so that adding the column
            // fills it from the records already stored: no rebuild on upgrade.
            .Duplicate(r => r.Locked.InvestigationId);
    }
}
