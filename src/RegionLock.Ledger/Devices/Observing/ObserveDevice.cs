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
        RuleFor(c => c.Signal).NotEmpty().Must(ObservationSignal.All.Contains)
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", ObservationSignal.All)}");
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
    // Whether the observation locks the device is decided after it commits: see Enforcing.
    public static DeviceObserved Decide(Device device, ObserveDevice command) =>
        new(device.Imei, command.Region, command.Signal, command.Mcc, command.Mnc, command.ObservedAt);
}

public static class ObserveDeviceEndpoint
{
    [Allow(Role.Enforcement)]
    [WolverinePost("/api/devices/{imei}/observations"), ProducesResponseType<DeviceWritten>(200)]
    public static DeviceWritten Post(ObserveDevice command, [WriteAggregate("imei")] IEventStream<Device> device)
        => DeviceWritten.Append(device, d => Observation.Decide(d, command));
}
