using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices.Enforcing;

/// <summary>
/// Automatic enforcement: an observation in a region restricted by the policy in force at the observation's own
/// time locks the device there, once; unless an exemption or the roaming allowance spares it (a waiver says which),
/// or the restriction gives a grace period (a warning, and a lock when it ends if the device is still there). It is
/// decided with the observation and committed in its transaction, so an observation is never recorded without what
/// it calls for; that is still its own event, recorded as the ledger's and caused by the observation.
/// </summary>
public static class Enforcement
{
    public const string Reason = "restricted_region";

    /// <summary>What enforcement records as the ledger's own act, caused by the observation.</summary>
    public static IEvent Recorded(IEnforcementOutcome outcome, IEvent<DeviceObserved> observation) =>
        Recorded(outcome, $"observed in {observation.Data.Region} at {observation.Data.ObservedAt:O}", observation);

    // Typed one by one: Marten files an event under its declared type.
    public static IEvent Recorded(IEnforcementOutcome outcome, string reason, IEvent cause) => outcome switch
    {
        DeviceLocked locked => CommandMetadata.OwnEvent(locked, Actor.Enforcement, reason, cause),
        EnforcementWaived waived => CommandMetadata.OwnEvent(waived, Actor.Enforcement, reason, cause),
        DeviceWarned warned => CommandMetadata.OwnEvent(warned, Actor.Enforcement, reason, cause),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "not an enforcement outcome"),
    };

    /// <summary>The restriction an observation in a region falls under: the region's own, or that of a region containing it.</summary>
    public static Restriction? Reaching(PolicyInForce policy, string observedRegion) =>
        policy.Covering(RegionCatalogue.Shared.AndContaining(observedRegion));

    /// <param name="device">The device with the observation applied.</param>
    /// <param name="id">The id of the lock or warning, if one is decided.</param>
    public static IEnforcementOutcome? Decide(Device device, DeviceObserved observed, PolicyInForce policy,
                                              IReadOnlyList<Exemption> exemptions, TimeSpan roamingAllowance, Guid id,
                                              DateTimeOffset now)
    {
        var restriction = Reaching(policy, observed.Region);
        if (restriction is null || device.HasActiveLockIn(restriction.Region) || device.PendingWarningIn(restriction.Region) is not null)
            return null;
        var waiver = Waivers.For(device, restriction.Region, observed.ObservedAt, observed.IsRoamingIn(restriction.Region),
                                 exemptions, roamingAllowance);
        if (waiver is not null)
            return new EnforcementWaived(device.Imei, restriction.Region, policy.Version, waiver.Basis, waiver.ExemptionId,
                                         waiver.Until, observed.ObservedAt, now);
        if (restriction.GracePeriodDays is { } days)
            return new DeviceWarned(device.Imei, id, restriction.Region, policy.Version, observed.ObservedAt,
                                    observed.ObservedAt.AddDays(days), now);
        return new DeviceLocked(device.Imei, id, restriction.Region, Reason, policy.Version, null, now);
    }
}
