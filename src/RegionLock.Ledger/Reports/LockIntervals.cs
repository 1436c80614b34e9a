using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Reports;

/// <summary>Every lock known at the report's as-known-at instant, with its unlock if one is known.</summary>
public sealed record LockInterval(DeviceLocked Locked, DeviceUnlocked? Unlocked)
{
    public DateTimeOffset LockedAt => Locked.EffectiveAt;
    public DateTimeOffset? UnlockedAt => Unlocked?.EffectiveAt;

    public bool IsActiveAt(DateTimeOffset instant) => LockedAt <= instant && (UnlockedAt is null || UnlockedAt > instant);

    public static async Task<List<LockInterval>> Read(IQuerySession session, ReportRequest request,
                                                      CancellationToken cancellation)
    {
        var locks = new Dictionary<Guid, LockInterval>();
        await foreach (var e in ReportEvents.Read(session, request, [typeof(DeviceLocked), typeof(DeviceUnlocked)], cancellation))
        {
            switch (e)
            {
                case IEvent<DeviceLocked> locked: locks[locked.Data.LockId] = new LockInterval(locked.Data, null); break;
                case IEvent<DeviceUnlocked> unlocked when locks.TryGetValue(unlocked.Data.LockId, out var held):
                    locks[unlocked.Data.LockId] = held with { Unlocked = unlocked.Data };
                    break;
            }
        }
        return locks.Values.ToList();
    }
}
