using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Appeals.Deciding;

/// <summary>Compliance grants (which unlocks the contested lock) or denies an open appeal.</summary>
/// <param name="Outcome">One of the stored names of <see cref="AppealOutcome"/>.</param>
public sealed record DecideAppeal(string Outcome, string Rationale) : ICommandWithReason
{
    string ICommandWithReason.Reason => Rationale;
}

public sealed class DecideAppealValidator : AbstractValidator<DecideAppeal>
{
    public DecideAppealValidator()
    {
        RuleFor(c => c.Outcome).OneOf<DecideAppeal, AppealOutcome>();
        RuleFor(c => c.Rationale).Text(4000);
    }
}

public static class Deciding
{
    /// <summary>
    /// The decision, and for a granted appeal the unlock of its lock if the lock is still active (it may have been
    /// lifted meanwhile, by an investigation's closing for one).
    /// </summary>
    public static (AppealDecided Decision, DeviceUnlocked? Unlock) Decide(Appeal appeal, Device device,
                                                                        DecideAppeal command, DateTimeOffset now)
    {
        appeal.MustBeOpen();
        var decided = new AppealDecided(appeal.AppealId, StoredName<AppealOutcome>.Parse(command.Outcome), command.Rationale, now);
        var unlock = decided.Outcome == AppealOutcome.Granted && device.FindLock(appeal.LockId) is { } active
            ? new DeviceUnlocked(device.Imei, active.LockId, UnlockReason.AppealGranted, appeal.AppealId,
                                 active.InvestigationId, now)
            : null;
        return (decided, unlock);
    }
}

public static class DecideAppealEndpoint
{
    // The appeal's decision and the device's unlock are appended in one Marten transaction: no granted appeal is
    // ever recorded without its unlock.
    [Allow(Role.Compliance)]
    [WolverinePost("/api/appeals/{id}/decision"), ProducesResponseType<AppealWritten>(200)]
    public static async Task<AppealWritten> Post(DecideAppeal command, [WriteAggregate("id")] IEventStream<Appeal> appeal,
                                                 IDocumentSession session, TimeProvider clock,
                                                 CancellationToken cancellation)
    {
        var device = await session.Events.FetchForWriting<Device>(appeal.Aggregate!.Imei, cancellation);
        var (decided, unlock) = Deciding.Decide(appeal.Aggregate, device.Aggregate!, command, clock.GetUtcNow());
        appeal.AppendOne(decided);
        if (unlock is not null) device.AppendOne(unlock);
        return new AppealWritten(decided.AppealId, appeal.CurrentVersion!.Value);
    }
}
