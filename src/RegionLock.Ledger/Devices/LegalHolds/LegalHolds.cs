namespace RegionLock.Ledger.Devices.LegalHolds;

/// <summary>Puts a device's record under litigation hold for a case.</summary>
public sealed record PlaceLegalHold(string CaseReference, string Reason) : ICommandWithReason;

/// <summary>Ends the litigation hold of a device.</summary>
public sealed record ReleaseLegalHold(string Reason) : ICommandWithReason;

public sealed class PlaceLegalHoldValidator : AbstractValidator<PlaceLegalHold>
{
    public PlaceLegalHoldValidator()
    {
        RuleFor(c => c.CaseReference).Text(200);
        RuleFor(c => c.Reason).Text(500);
    }
}

public sealed class ReleaseLegalHoldValidator : AbstractValidator<ReleaseLegalHold>
{
    public ReleaseLegalHoldValidator() => RuleFor(c => c.Reason).Text(500);
}

public static class LegalHolding
{
    public static LegalHoldPlaced Decide(Device device, PlaceLegalHold command, DateTimeOffset now) =>
        device.LegalHold is { } hold
            ? throw new DomainConflict($"device {device.Imei} is already under legal hold for {hold.CaseReference}")
            : new LegalHoldPlaced(device.Imei, command.CaseReference, command.Reason, now);

    public static LegalHoldReleased Decide(Device device, ReleaseLegalHold command, DateTimeOffset now) =>
        device.LegalHold is { } hold
            ? new LegalHoldReleased(device.Imei, hold.CaseReference, command.Reason, now)
            : throw new DomainConflict($"device {device.Imei} is not under legal hold");
}

public static class LegalHoldEndpoints
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/devices/{imei}/legal-hold"), ProducesResponseType<DeviceWritten>(200)]
    public static async Task<DeviceWritten> Place(PlaceLegalHold command, [WriteAggregate("imei")] IEventStream<Device> device,
                                                  TimeProvider clock,
                                                  IDocumentSession session, CancellationToken cancellation)
    {
        // Serialized with erasures of the device's appeals (ErasePersonalData), which read the hold.
        await StreamLock.Take(session, device.Aggregate!.Imei, cancellation);
        return DeviceWritten.Append(device, d => LegalHolding.Decide(d, command, clock.GetUtcNow()));
    }

    [Allow(Role.Compliance)]
    [WolverinePost("/api/devices/{imei}/legal-hold/release"), ProducesResponseType<DeviceWritten>(200)]
    public static DeviceWritten Release(ReleaseLegalHold command, [WriteAggregate("imei")] IEventStream<Device> device,
                                        TimeProvider clock) =>
        DeviceWritten.Append(device, d => LegalHolding.Decide(d, command, clock.GetUtcNow()));
}
