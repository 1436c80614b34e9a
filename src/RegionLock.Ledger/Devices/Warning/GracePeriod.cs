using Microsoft.Extensions.Options;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Devices.Notices;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Regions;
using Wolverine;

namespace RegionLock.Ledger.Devices.Warning;

/// <summary>The end of a warning's grace period: a durable scheduled message, persisted with the warning's commit.</summary>
/// <param name="WarnedEventId">The warning's event: what the lock or the lapse is caused by.</param>
/// <param name="LockDueAt">When the grace period ends: the policy and exemptions of that instant decide.</param>
public sealed record EndGracePeriod(string Imei, Guid WarningId, Guid WarnedEventId, DateTimeOffset LockDueAt);

/// <summary>
/// A restriction's grace period: a warning tells the owner (a notice through the outbox) and schedules its own end;
/// at the end the device is locked if its latest observation is still in the region and nothing spares it, else the
/// warning lapses, saying why.
/// </summary>
public static class GracePeriod
{
    public static IEnumerable<object> Started(DeviceWarned warned, IEvent recorded) =>
    [
        new SendNotice(warned.Imei, warned.WarningId, recorded.Id, warned.Region, warned.PolicyVersion, warned.LockDueAt, 1),
        new EndGracePeriod(warned.Imei, warned.WarningId, recorded.Id, warned.LockDueAt).ScheduledAt(warned.LockDueAt),
    ];

    /// <param name="policy">The policy in force when the grace period ends.</param>
    /// <returns>The lock or the lapse; nothing when the warning is no longer pending (its end already handled).</returns>
    public static object? End(Device device, Guid warningId, PolicyInForce policy, IReadOnlyList<Exemption> exemptions,
                              TimeSpan roamingAllowance, Guid lockId, DateTimeOffset now)
    {
        if (device.Warnings.Find(w => w.WarningId == warningId) is not { } warning) return null;
        var region = warning.Region;
        if (policy.For(region) is null) return Lapsed(LapseReason.RestrictionLifted);
        if (device.LastRegion is not { } last || !RegionCatalogue.Shared.IsWithin(last, region))
            return Lapsed(LapseReason.LeftRegion);
        var roaming = device.Stay?.IsRoamingIn(region, warning.LockDueAt) ?? false;
        if (Waivers.For(device, region, warning.LockDueAt, roaming, exemptions, roamingAllowance) is not null)
            return Lapsed(LapseReason.Exempted);
        return new DeviceLocked(device.Imei, lockId, region, Enforcement.Reason, policy.Version, null, now);

        DeviceWarningLapsed Lapsed(LapseReason reason) => new(device.Imei, warningId, region, reason, now);
    }
}

public static class EndGracePeriodHandler
{
    public static CurrentPolicy Load() => CurrentPolicy.Plan;

    public static async Task Handle(EndGracePeriod end, [WriteAggregate(nameof(EndGracePeriod.Imei))] IEventStream<Device> device,
                                    RestrictionPolicy policy, IDocumentSession session, IOptions<PolicySettings> settings,
                                    TimeProvider clock, CancellationToken cancellation)
    {
        var exemptions = await ExemptionLookup.For(session, end.Imei, end.LockDueAt, cancellation);
        var outcome = GracePeriod.End(device.Aggregate!, end.WarningId, policy.At(end.LockDueAt), exemptions,
                                      settings.Value.RoamingAllowance, Guid.CreateVersion7(), clock.GetUtcNow());
        var cause = new Event<EndGracePeriod>(end) { Id = end.WarnedEventId };
        var reason = $"grace period of warning {end.WarningId} ended";
        switch (outcome)
        {
            case DeviceLocked locked:
                device.AppendOne(Enforcement.Recorded(locked, reason, cause));
                break;
            case DeviceWarningLapsed lapsed:
                device.AppendOne(CommandMetadata.OwnEvent(lapsed, Actor.Enforcement, reason, cause));
                break;
        }
    }
}
