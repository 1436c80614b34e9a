using JasperFx.Events;
using Marten;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>
/// The reference the lock records are held to: how the reports read locks before them, folding every lock and unlock
/// the ledger had recorded by the report's as-known-at instant, in sequence order.
/// </summary>
public static class LockIntervalFold
{
    public static async Task<List<LockInterval>> Read(IQuerySession session, ReportRequest request)
    {
        var locks = new Dictionary<Guid, LockInterval>();
        await foreach (var e in ReportEvents.Read(session, request, [typeof(DeviceLocked), typeof(DeviceUnlocked)], CancellationToken.None))
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
