using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Policy.Restricting;

/// <summary>Adds a region to the restricted list from an instant, on a legal basis: a new policy version.</summary>
public sealed record RestrictRegion(string Region, string LegalBasis, string Reason, DateTimeOffset EffectiveFrom)
    : IPolicyChange, ICommandWithReason;

public sealed class RestrictRegionValidator : AbstractValidator<RestrictRegion>
{
    public RestrictRegionValidator()
    {
        RuleFor(c => c.Region).KnownRegion();
        Include(new PolicyChangeValidator<RestrictRegion>());
    }
}

public static class Restricting
{
    public static RegionRestricted Decide(RestrictionPolicy policy, RestrictRegion command)
    {
        if (policy.At(command.EffectiveFrom).For(command.Region) is { } existing)
            throw new DomainConflict(
                $"{command.Region} is already restricted at {command.EffectiveFrom:O} (since policy version {existing.Version})");
        return new RegionRestricted(command.Region, command.LegalBasis, command.Reason, command.EffectiveFrom,
                                    policy.NextVersion);
    }
}

public static class RestrictRegionEndpoint
{
    public static string PolicyStream() => RestrictionPolicy.StreamKey;

    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/restrictions"), ProducesResponseType<PolicyChanged>(201)]
    public static IResult Post(RestrictRegion command,
                               [WriteAggregate(FromMethod = nameof(PolicyStream), Required = false)] IEventStream<RestrictionPolicy> policy)
    {
        var restricted = Restricting.Decide(policy.Aggregate ?? RestrictionPolicy.Empty, command);
        policy.AppendOne(restricted);
        return Results.Created("/api/policy",
                               new PolicyChanged(restricted.Version, restricted.Region));
    }
}
