using FluentValidation;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Infrastructure.Problems;
using Wolverine.Http;
using Wolverine.Marten;

namespace RegionLock.Ledger.Devices.Locking;

/// <summary>Locks a device in a region, optionally within an investigation.</summary>
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
    /// <summary>Until the policy stream exists, a manual lock names policy version 0: no policy recorded.</summary>
    public const int NoPolicyRecorded = 0;

    public static DeviceLocked Decide(Device device, LockDevice command, Guid lockId, int policyVersion,
                                      DateTimeOffset now)
    {
        if (device.HasActiveLockIn(command.Region))
            throw new DomainConflict($"device {device.Imei} is already locked in {command.Region}");
        return new DeviceLocked(device.Imei, lockId, command.Region, command.Reason, policyVersion,
                                command.InvestigationId, now);
    }
}

public static class LockDeviceEndpoint
{
    [WolverinePost("/api/devices/{imei}/locks"), ProducesResponseType<LockPlaced>(201)]
    public static IResult Post(LockDevice command, [WriteAggregate("imei")] IEventStream<Device> device,
                               [FromHeader(Name = ExpectedVersion.Header)] string? ifMatch, TimeProvider clock)
    {
        ExpectedVersion.Check(ifMatch, device);
        var locked = Locking.Decide(device.Aggregate!, command, Guid.CreateVersion7(), Locking.NoPolicyRecorded,
                                    clock.GetUtcNow());
        device.AppendOne(locked);
        return Results.Created($"/api/devices/{locked.Imei}",
                               new LockPlaced(locked.Imei, locked.LockId, device.CurrentVersion!.Value));
    }
}
