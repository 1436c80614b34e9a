using RegionLock.Ledger.Devices;
using RegionLock.Ledger.PersonalData;

namespace RegionLock.Ledger.Appeals.Filing;

/// <summary>The owner contests an active lock of a device, through support.</summary>
/// <param name="Contact">How to reach the owner: personal data.</param>
public sealed record FileAppeal(string Imei, Guid LockId, string Grounds, string Contact);

public sealed class FileAppealValidator : AbstractValidator<FileAppeal>
{
    public FileAppealValidator()
    {
        RuleFor(c => c.Imei).ValidImei();
        RuleFor(c => c.LockId).NotEmpty();
        RuleFor(c => c.Grounds).Text(4000);
        RuleFor(c => c.Contact).Text(500);
    }
}

public static class Filing
{
    /// <param name="openAppeal">Another appeal against the same lock that is still open, if any.</param>
    public static AppealFiled Decide(Device device, FileAppeal command, Appeal? openAppeal, Guid appealId,
                                     DateTimeOffset now)
    {
        if (device.FindLock(command.LockId) is not { } active)
            throw new DomainConflict($"device {device.Imei} holds no active lock {command.LockId} to appeal against");
        if (openAppeal is not null)
            throw new DomainConflict($"lock {command.LockId} already has an open appeal: {openAppeal.Id}");
        return new AppealFiled(appealId, device.Imei, active.LockId, active.Region, command.Grounds, command.Contact, now);
    }
}

public static class FileAppealEndpoint
{
    public static async Task<Appeal?> LoadAsync(FileAppeal command, IQuerySession session, CancellationToken cancellation) =>
        await session.Query<Appeal>().FirstOrDefaultAsync(a => a.LockId == command.LockId && a.Status == AppealStatus.Open,
                                                          cancellation);

    // The contact is encrypted under the new appeal's own key before it goes into the event.
    [Allow(Role.Support)]
    [WolverinePost("/api/appeals"), ProducesResponseType<AppealWritten>(201)]
    public static async Task<(IResult, IStartStream)> Post(FileAppeal command,
                                                           [ReadAggregate(nameof(FileAppeal.Imei))] Device device,
                                                           Appeal? openAppeal, PersonalDataVault vault, TimeProvider clock,
                                                           CancellationToken cancellation)
    {
        var appealId = Guid.CreateVersion7();
        var contact = await vault.Protect(appealId.ToString(), command.Contact, cancellation);
        var filed = Filing.Decide(device, command with { Contact = contact }, openAppeal, appealId, clock.GetUtcNow());
        return (Results.Created($"/api/appeals/{filed.AppealId}", new AppealWritten(filed.AppealId, 1)),
                MartenOps.StartStream<Appeal>(filed.AppealId.ToString(), filed));
    }
}
