using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.Devices.Locking;

/// <summary>Locks a device in a region, optionally within an open investigation.</summary>
public sealed record LockDevice(string Region, string Reason, Guid? InvestigationId) : ICommandWithReason;

public sealed class LockDeviceValidator : AbstractValidator<LockDevice>
{
    public LockDeviceValidator()
    {
        RuleFor(c => c.Region).KnownRegion();
        RuleFor(c => c.Reason).Text(500);
        RuleFor(c => c.InvestigationId).NotEqual(Guid.Empty);
    }
}

public static class Locking
{
    /// <param name="policy">The policy in force now: the lock names its version.</param>
    /// <param name="investigation">The investigation the command names, if it names one and the ledger holds it.</param>
    public static DeviceLocked Decide(Device device, LockDevice command, Guid lockId, PolicyInForce policy,
                                      Investigation? investigation, DateTimeOffset now)
    {
        if (command.InvestigationId is { } investigationId && investigation is not { IsOpen: true })
            throw new DomainConflict(investigation is null
                ? $"investigation {investigationId} is not in the ledger"
                : $"investigation {investigationId} is closed: its locks can no longer be added to");
        if (device.HasActiveLockIn(command.Region))
            throw new DomainConflict($"device {device.Imei} is already locked in {command.Region}");
        return new DeviceLocked(device.Imei, lockId, command.Region, command.Reason, policy.Version,
                                command.InvestigationId, now);
    }
}

public static class LockDeviceEndpoint
{
    public static async Task<(RestrictionPolicy, Investigation?)> LoadAsync(LockDevice command, IQuerySession session,
                                                                            CancellationToken cancellation)
    {
        var policy = await session.QueryByPlanAsync(CurrentPolicy.Plan, cancellation);
        var investigation = command.InvestigationId is { } id
            ? await session.LoadAsync<Investigation>(id.ToString(), cancellation)
            : null;
        return (policy, investigation);
    }

    [Allow(Role.Enforcement, Role.Compliance)]
    [WolverinePost("/api/devices/{imei}/locks"), ProducesResponseType<LockPlaced>(201)]
    public static IResult Post(LockDevice command, [WriteAggregate("imei")] IEventStream<Device> device,
                               RestrictionPolicy policy, Investigation? investigation,
                               TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var locked = Locking.Decide(device.Aggregate!, command, Guid.CreateVersion7(), policy.At(now), investigation, now);
        device.AppendOne(locked);
        return Results.Created($"/api/devices/{locked.Imei}",
                               new LockPlaced(locked.Imei, locked.LockId, device.CurrentVersion!.Value));
    }
}
