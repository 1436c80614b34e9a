using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices.Enforcing;

/// <summary>
/// Automatic enforcement: an observation in a region restricted by the policy in force at the observation's own
/// time locks the device there, once. It is decided with the observation and committed in its transaction, so an
/// observation is never recorded without the lock it calls for; the lock is still its own event, recorded as the
/// ledger's and caused by the observation.
/// </summary>
public static class Enforcement
{
    public const string Reason = "restricted_region";

    /// <summary>The lock as the ledger records it: its own act, caused by the observation.</summary>
    public static IEvent Recorded(DeviceLocked locked, IEvent<DeviceObserved> observation) =>
        CommandMetadata.OwnEvent(locked, Actor.Enforcement,
                                 $"observed in {observation.Data.Region} at {observation.Data.ObservedAt:O}", observation);

    public static DeviceLocked? Decide(Device device, DeviceObserved observed, PolicyInForce policy,
                                       IReadOnlyList<string> observedRegionAndContaining, Guid lockId,
                                       DateTimeOffset now)
    {
        var restriction = policy.Covering(observedRegionAndContaining);
        if (restriction is null || device.HasActiveLockIn(restriction.Region)) return null;
        return new DeviceLocked(device.Imei, lockId, restriction.Region, Reason, policy.Version, null, now);
    }
}
