using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices.Observing;

/// <summary>Evidence that a device was seen in a region, from the enforcement pipeline.</summary>
/// <param name="Mcc">The ITU-T E.212 mobile country code the device reported, where the signal has one.</param>
/// <param name="Mnc">The mobile network code, which tells apart networks that share an MCC (Crimea's under 250).</param>
public sealed record ObserveDevice(string Region, string Signal, string? Mcc, string? Mnc, DateTimeOffset ObservedAt);

public sealed class ObserveDeviceValidator : AbstractValidator<ObserveDevice>
{
    public ObserveDeviceValidator(TimeProvider clock)
    {
        RuleFor(c => c.Region).KnownRegion();
        RuleFor(c => c.Signal).OneOf<ObserveDevice, ObservationSignal>();
        RuleFor(c => c.ObservedAt).NotInTheFuture(clock);
        RuleFor(c => c.Mnc).Null().When(c => c.Mcc is null).WithMessage("'Mnc' needs an 'Mcc'");
        RuleFor(c => c.Mcc!).Matches("^[0-9]{3}$").Must(RegionCatalogue.Shared.IsKnownMcc)
            .WithMessage("'{PropertyValue}' is not an assigned mobile country code").When(c => c.Mcc is not null);
        RuleFor(c => c.Mnc!).Matches("^[0-9]{2,3}$").When(c => c.Mnc is not null);
        RuleFor(c => c).Must(c => RegionCatalogue.Shared.IsConsistent(c.Region, c.Mcc!, c.Mnc, c.ObservedAt))
            .WithName("mcc")
            .WithMessage(c => $"MCC {c.Mcc}{(c.Mnc is null ? "" : "-" + c.Mnc)} is not a network of region {c.Region}")
            .When(c => c.Mcc is not null && RegionCatalogue.Shared.IsKnown(c.Region) && RegionCatalogue.Shared.IsKnownMcc(c.Mcc));
    }
}

public static class Observation
{
    public static DeviceObserved Observed(Device device, ObserveDevice command) =>
        new(device.Imei, command.Region, StoredName<ObservationSignal>.Parse(command.Signal), command.Mcc, command.Mnc, command.ObservedAt);

    /// <summary>The observation, and the lock it calls for where the policy in force at its time restricts the region.</summary>
    public static (DeviceObserved Observed, DeviceLocked? Locked) Decide(Device device, ObserveDevice command,
                                                                       PolicyInForce policy, Guid lockId, DateTimeOffset now)
    {
        var observed = Observed(device, command);
        var locked = Enforcement.Decide(device.Apply(observed), observed, policy,
                                        RegionCatalogue.Shared.AndContaining(observed.Region), lockId, now);
        return (observed, locked);
    }

    /// <summary>Appends the observation, and the lock it calls for as the ledger's own act caused by it.</summary>
    public static void Record(IEventStream<Device> device, ObserveDevice command, RestrictionPolicy policy, DateTimeOffset now)
    {
        var (observed, locked) = Decide(device.Aggregate!, command, policy.At(command.ObservedAt), Guid.CreateVersion7(), now);
        var observation = new Event<DeviceObserved>(observed) { Id = Guid.CreateVersion7() };
        device.AppendOne(observation);
        if (locked is not null) device.AppendOne(Enforcement.Recorded(locked, observation));
    }
}

public static class ObserveDeviceEndpoint
{
    public static CurrentPolicy Load() => CurrentPolicy.Plan;

    [Allow(Role.Enforcement)]
    [WolverinePost("/api/devices/{imei}/observations"), ProducesResponseType<DeviceWritten>(200)]
    public static DeviceWritten Post(ObserveDevice command, [WriteAggregate("imei")] IEventStream<Device> device,
                                     RestrictionPolicy policy, TimeProvider clock)
    {
        Observation.Record(device, command, policy, clock.GetUtcNow());
        return new DeviceWritten(device.Aggregate!.Imei, device.CurrentVersion!.Value);
    }
}
