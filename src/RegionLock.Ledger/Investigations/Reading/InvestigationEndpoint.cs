using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Investigations.Reading;

/// <param name="DevicesLocked">Devices ever locked under the investigation.</param>
/// <param name="Unlocked">Unlocks of its locks so far.</param>
/// <param name="Remaining">Devices still locked under it: after an <c>unlock_all</c>, what the bulk unlock has left.</param>
public sealed record InvestigationProgress(int DevicesLocked, int Unlocked, int Remaining);

public sealed record InvestigationView(Investigation Investigation, InvestigationProgress Progress);

public static class InvestigationEndpoint
{
    // Counted from the events and the inline device snapshots: exact at the moment of reading.
    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/investigations/{id}"), ProducesResponseType<InvestigationView>(200)]
    public static async Task<InvestigationView> Get(string id, IQuerySession session, CancellationToken cancellation)
    {
        var investigation = await session.LoadAsync<Investigation>(id, cancellation)
                            ?? throw new NotInLedger($"investigation {id} is not in the ledger");
        var investigationId = investigation.InvestigationId;

        var locked = await session.Events.QueryRawEventDataOnly<DeviceLocked>()
            .Where(e => e.InvestigationId == investigationId).Select(e => e.Imei).Distinct().CountAsync(cancellation);
        var unlocked = await session.Events.QueryRawEventDataOnly<DeviceUnlocked>()
            .CountAsync(e => e.InvestigationId == investigationId, cancellation);
        var remaining = await session.Query<Device>()
            .CountAsync(d => d.ActiveLocks.Any(l => l.InvestigationId == investigationId), cancellation);
        return new InvestigationView(investigation, new InvestigationProgress(locked, unlocked, remaining));
    }
}
