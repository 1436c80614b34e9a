namespace RegionLock.Ledger.Devices.Unlocking;

/// <summary>Lifts one named lock of a device.</summary>
/// <param name="Reason">One of the stored names of <see cref="UnlockReason"/>.</param>
public sealed record UnlockDevice(string Reason) : ICommandWithReason;

public sealed class UnlockDeviceValidator : AbstractValidator<UnlockDevice>
{
    public UnlockDeviceValidator()
    {
        RuleFor(c => c.Reason).OneOf<UnlockDevice, UnlockReason>();
    }
}

public static class Unlocking
{
    public static DeviceUnlocked Decide(Device device, Guid lockId, UnlockDevice command, DateTimeOffset now)
    {
        if (device.FindLock(lockId) is not { } active)
            throw new DomainConflict($"device {device.Imei} holds no active lock {lockId}");
        return new DeviceUnlocked(device.Imei, active.LockId, StoredName<UnlockReason>.Parse(command.Reason), null, active.InvestigationId, now);
    }
}

public static class UnlockDeviceEndpoint
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/devices/{imei}/locks/{lockId}/unlock"), ProducesResponseType<DeviceWritten>(200)]
    public static DeviceWritten Post(UnlockDevice command, Guid lockId,
                                     [WriteAggregate("imei")] IEventStream<Device> device,
                                     TimeProvider clock)
        => DeviceWritten.Append(device, d => Unlocking.Decide(d, lockId, command, clock.GetUtcNow()));
}
