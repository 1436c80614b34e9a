using System.Collections.Immutable;

namespace RegionLock.Ledger.Devices;

/// <summary>
/// A device as its stream tells it. Marten folds it inline (the snapshot the API reads) and Wolverine loads it for
/// every command on the device; it is immutable, so a fetched instance is never changed behind Marten's identity map.
/// </summary>
public sealed record Device(
    string Id,
    string Model,
    string SalesMarket,
    ImmutableList<ActiveLock> ActiveLocks,
    string? LastRegion,
    DateTimeOffset? LastObservedAt,
    DateTimeOffset RegisteredAt,
    LegalHold? LegalHold,
    int Version)
{
    public string Imei => Id;

    public bool IsUsable => ActiveLocks.IsEmpty;

    public bool HasActiveLockIn(string region) => ActiveLocks.Any(l => l.Region == region);

    public ActiveLock? FindLock(Guid lockId) => ActiveLocks.Find(l => l.LockId == lockId);

    public static Device Create(DeviceRegistered registered) =>
        new(registered.Imei, registered.Model, registered.SalesMarket, [], null, null, registered.EffectiveAt, null, 0);

    // A late observation does not move the last known region backwards.
    public Device Apply(DeviceObserved observed) =>
        LastObservedAt is { } last && last > observed.ObservedAt
            ? this
            : this with { LastRegion = observed.Region, LastObservedAt = observed.ObservedAt };

    public Device Apply(DeviceLocked locked) =>
        this with
        {
            ActiveLocks = ActiveLocks.Add(new ActiveLock(locked.LockId, locked.Region, locked.Reason,
                locked.PolicyVersion, locked.InvestigationId, locked.EffectiveAt))
        };

    public Device Apply(DeviceUnlocked unlocked) =>
        this with { ActiveLocks = ActiveLocks.RemoveAll(l => l.LockId == unlocked.LockId) };

    public Device Apply(LegalHoldPlaced placed) =>
        this with { LegalHold = new LegalHold(placed.CaseReference, placed.Reason, placed.EffectiveAt) };

    public Device Apply(LegalHoldReleased _) => this with { LegalHold = null };
}

public sealed record LegalHold(string CaseReference, string Reason, DateTimeOffset Since);

public sealed record ActiveLock(Guid LockId, string Region, string Reason, int PolicyVersion, Guid? InvestigationId,
                                DateTimeOffset LockedAt);
