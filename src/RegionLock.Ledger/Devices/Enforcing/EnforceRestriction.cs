using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices.Enforcing;

/// <summary>
/// Automatic enforcement: an observation in a region restricted by the policy in force at the observation's own
/// time locks the device there, once. It runs as a separate step after the observation commits (Marten forwards
/// the event through Wolverine's durable outbox), so the lock is its own event, caused by the observation.
/// </summary>
public static class Enforcement
{
    public const string Reason = "restricted_region";

    public static DeviceLocked? Decide(Device device, DeviceObserved observed, PolicyInForce policy,
                                       IReadOnlyList<string> observedRegionAndContaining, Guid lockId,
                                       DateTimeOffset now)
    {
        var restriction = policy.Covering(observedRegionAndContaining);
        if (restriction is null || device.HasActiveLockIn(restriction.Region)) return null;
        return new DeviceLocked(device.Imei, lockId, restriction.Region, Reason, policy.Version, null, now);
    }
}

public static class EnforceRestrictionHandler
{
    public static string ObservedDevice(IEvent<DeviceObserved> observation) => observation.Data.Imei;

    public static async Task<IEnumerable<object>> Handle(IEvent<DeviceObserved> observation,
                                                         [WriteAggregate(FromMethod = nameof(ObservedDevice))] Device device,
                                                         IDocumentSession session, TimeProvider clock,
                                                         CancellationToken cancellation)
    {
        var observed = observation.Data;
        var policy = await session.LoadAsync<RestrictionPolicy>(RestrictionPolicy.StreamKey, cancellation) ?? RestrictionPolicy.Empty;
        var locked = Enforcement.Decide(device, observed, policy.At(observed.ObservedAt),
                                        RegionCatalogue.Shared.AndContaining(observed.Region), Guid.CreateVersion7(),
                                        clock.GetUtcNow());
        if (locked is null) return [];

        CommandMetadata.StampActor(session, Actor.Enforcement);
        session.CausationId = observation.Id.ToString();
        session.CorrelationId = observation.CorrelationId;
        session.SetHeader(CommandMetadata.Keys.Reason, $"observed in {observed.Region} at {observed.ObservedAt:O}");
        return [locked];
    }
}
