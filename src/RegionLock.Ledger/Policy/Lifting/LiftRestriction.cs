using RegionLock.Ledger.Policy.Impact;
using RegionLock.Ledger.Policy.Proposals;

namespace RegionLock.Ledger.Policy.Lifting;

/// <summary>
/// Takes a region off the restricted list from an instant. Devices locked there stay locked: releasing them is a
/// separate, deliberate command (<see cref="Releasing.ReleaseRegionLocks"/>). A lift whose release would unlock
/// more devices than Policy:ApprovalThresholdDevices is proposed, as a restriction is.
/// </summary>
public sealed record LiftRestriction(string LegalBasis, string Reason, DateTimeOffset EffectiveFrom)
    : IPolicyChange, ICommandWithReason
{
    public ProposedChange Change(string region) => new(PolicyChangeKind.Lift, region, LegalBasis, Reason, EffectiveFrom, null);
}

public sealed class LiftRestrictionValidator : AbstractValidator<LiftRestriction>
{
    public LiftRestrictionValidator() => Include(new PolicyChangeValidator<LiftRestriction>());
}

public static class Lifting
{
    public static RegionRestrictionLifted Decide(RestrictionPolicy policy, ProposedChange change, ImpactSummary? impact = null,
                                                 Guid? proposalId = null)
    {
        if (policy.At(change.EffectiveFrom).For(change.Region) is null)
            throw new DomainConflict($"{change.Region} is not restricted at {change.EffectiveFrom:O}");
        return new RegionRestrictionLifted(change.Region, change.LegalBasis, change.Reason, change.EffectiveFrom,
                                           policy.NextVersion, impact, proposalId);
    }
}

public static class LiftRestrictionEndpoint
{
    public static string PolicyStream() => RestrictionPolicy.StreamKey;

    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/restrictions/{region}/lift"), ProducesResponseType<PolicyChanged>(200), ProducesResponseType<ProposalMade>(202)]
    public static Task<IResult> Post(LiftRestriction command, string region,
                                     [WriteAggregate(FromMethod = nameof(PolicyStream), Required = false)]
                                     IEventStream<RestrictionPolicy> policy, PolicyChanging changing, CancellationToken cancellation) =>
        changing.Make(policy, command.Change(region), Results.Ok, cancellation);
}
