
namespace RegionLock.Ledger.Policy.Lifting;

/// <summary>
/// Takes a region off the restricted list from an instant. Devices locked there stay locked: releasing them is a
/// separate, deliberate command (<see cref="Releasing.ReleaseRegionLocks"/>).
/// </summary>
public sealed record LiftRestriction(string LegalBasis, string Reason, DateTimeOffset EffectiveFrom)
    : IPolicyChange, ICommandWithReason;

public sealed class LiftRestrictionValidator : AbstractValidator<LiftRestriction>
{
    public LiftRestrictionValidator() => Include(new PolicyChangeValidator<LiftRestriction>());
}

public static class Lifting
{
    public static RegionRestrictionLifted Decide(RestrictionPolicy policy, string region, LiftRestriction command)
    {
        if (policy.At(command.EffectiveFrom).For(region) is null)
            throw new DomainConflict($"{region} is not restricted at {command.EffectiveFrom:O}");
        return new RegionRestrictionLifted(region, command.LegalBasis, command.Reason, command.EffectiveFrom,
                                           policy.NextVersion);
    }
}

public static class LiftRestrictionEndpoint
{
    public static string PolicyStream() => RestrictionPolicy.StreamKey;

    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/restrictions/{region}/lift"), ProducesResponseType<PolicyChanged>(200)]
    public static PolicyChanged Post(LiftRestriction command, string region,
                                     [WriteAggregate(FromMethod = nameof(PolicyStream), Required = false)]
                                     IEventStream<RestrictionPolicy> policy)
    {
        var lifted = Lifting.Decide(policy.Aggregate ?? RestrictionPolicy.Empty, region, command);
        policy.AppendOne(lifted);
        return new PolicyChanged(lifted.Version, lifted.Region);
    }
}
