using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Appeals.Evidence;

/// <summary>Adds evidence to an open appeal: a receipt, a travel record, a statement.</summary>
public sealed record AddAppealEvidence(string Evidence);

public sealed class AddAppealEvidenceValidator : AbstractValidator<AddAppealEvidence>
{
    public AddAppealEvidenceValidator() => RuleFor(c => c.Evidence).Text(4000);
}

public static class AddingEvidence
{
    public static AppealEvidenceAdded Decide(Appeal appeal, AddAppealEvidence command, DateTimeOffset now)
    {
        appeal.MustBeOpen();
        return new AppealEvidenceAdded(appeal.AppealId, command.Evidence, now);
    }
}

public static class AddAppealEvidenceEndpoint
{
    [Allow(Role.Support, Role.Compliance)]
    [WolverinePost("/api/appeals/{id}/evidence"), ProducesResponseType<AppealWritten>(200)]
    public static AppealWritten Post(AddAppealEvidence command, [WriteAggregate("id")] IEventStream<Appeal> appeal,
                                     TimeProvider clock)
        => AppealWritten.Append(appeal, a => AddingEvidence.Decide(a, command, clock.GetUtcNow()));
}
