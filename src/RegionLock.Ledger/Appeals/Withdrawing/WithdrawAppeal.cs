using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Appeals.Withdrawing;

/// <summary>The owner withdraws an open appeal; the lock stays as it is.</summary>
public sealed record WithdrawAppeal(string Reason) : ICommandWithReason;

public sealed class WithdrawAppealValidator : AbstractValidator<WithdrawAppeal>
{
    public WithdrawAppealValidator() => RuleFor(c => c.Reason).Text(500);
}

public static class Withdrawing
{
    public static AppealWithdrawn Decide(Appeal appeal, WithdrawAppeal command, DateTimeOffset now)
    {
        appeal.MustBeOpen();
        return new AppealWithdrawn(appeal.AppealId, command.Reason, now);
    }
}

public static class WithdrawAppealEndpoint
{
    [Allow(Role.Support)]
    [WolverinePost("/api/appeals/{id}/withdraw"), ProducesResponseType<AppealWritten>(200)]
    public static AppealWritten Post(WithdrawAppeal command, [WriteAggregate("id")] IEventStream<Appeal> appeal,
                                     TimeProvider clock)
        => AppealWritten.Append(appeal, a => Withdrawing.Decide(a, command, clock.GetUtcNow()));
}
