using RegionLock.Ledger.Devices;
using RegionLock.Ledger.PersonalData;

namespace RegionLock.Ledger.Appeals.Erasing;

/// <summary>Erases the personal data of an appeal (a data subject's request), unless its device is under legal hold.</summary>
public sealed record ErasePersonalData(string Reason) : ICommandWithReason;

public sealed class ErasePersonalDataValidator : AbstractValidator<ErasePersonalData>
{
    public ErasePersonalDataValidator() => RuleFor(c => c.Reason).Text(500);
}

public static class Erasing
{
    public static PersonalDataErased Decide(Appeal appeal, Device device, ErasePersonalData command, DateTimeOffset now)
    {
        if (device.LegalHold is { } hold)
            throw new DomainConflict(
                $"device {device.Imei} is under legal hold ({hold.CaseReference}): its personal data may not be erased");
        if (appeal.PersonalDataErasedAt is { } erasedAt)
            throw new DomainConflict($"the personal data of appeal {appeal.Id} was erased at {erasedAt:O}");
        return new PersonalDataErased(appeal.AppealId, command.Reason, now);
    }
}

public static class ErasePersonalDataEndpoint
{
    // The erasure event and the destruction of the key commit together, with the device's stream locked from before
    // its legal hold is read: a hold placed at the same moment is recorded either before (and refuses the erasure)
    // or after it, never between. The erasure list outside the database has it first (replayed after a restore).
    [Allow(Role.Compliance)]
    [WolverinePost("/api/appeals/{id}/erase-personal-data"), ProducesResponseType<AppealWritten>(200)]
    public static async Task<AppealWritten> Post(ErasePersonalData command, [WriteAggregate("id")] IEventStream<Appeal> appeal,
                                                 IDocumentSession session, ErasureList erasures, TimeProvider clock,
                                                 CancellationToken cancellation)
    {
        await StreamLock.Take(session, appeal.Aggregate!.Imei, cancellation);
        var device = await session.LoadAsync<Device>(appeal.Aggregate.Imei, cancellation)
                     ?? throw new NotInLedger($"device {appeal.Aggregate.Imei} is not registered");
        var erased = Erasing.Decide(appeal.Aggregate, device, command, clock.GetUtcNow());
        appeal.AppendOne(erased);
        erasures.Record(appeal.Aggregate.Id, erased.EffectiveAt);
        PersonalDataVault.Erase(session, appeal.Aggregate.Id, erased.EffectiveAt);
        return new AppealWritten(erased.AppealId, appeal.CurrentVersion!.Value);
    }
}
