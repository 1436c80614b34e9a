using Microsoft.Extensions.Options;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Policy.Impact;
using RegionLock.Ledger.Policy.Proposals;

namespace RegionLock.Ledger.Policy.Restricting;

/// <summary>
/// Adds a region to the restricted list from an instant, on a legal basis: a new policy version, or a proposal when
/// its impact needs a second officer.
/// </summary>
/// <param name="GracePeriodDays">Days a device seen there is warned before it is locked (at most Policy:MaxGracePeriodDays); none: locked at once.</param>
public sealed record RestrictRegion(string Region, string LegalBasis, string Reason, DateTimeOffset EffectiveFrom,
                                    int? GracePeriodDays = null) : IPolicyChange, ICommandWithReason
{
    public ProposedChange Change => new(PolicyChangeKind.Restrict, Region, LegalBasis, Reason, EffectiveFrom, GracePeriodDays);
}

public sealed class RestrictRegionValidator : AbstractValidator<RestrictRegion>
{
    public RestrictRegionValidator(IOptions<PolicySettings> settings)
    {
        RuleFor(c => c.Region).KnownRegion();
        Include(new PolicyChangeValidator<RestrictRegion>());
        RuleFor(c => c.GracePeriodDays).InclusiveBetween(1, settings.Value.MaxGracePeriodDays)
            .WithMessage($"'{{PropertyName}}' must be from 1 to {settings.Value.MaxGracePeriodDays} days (Policy:MaxGracePeriodDays)")
            .When(c => c.GracePeriodDays is not null);
    }
}

public static class Restricting
{
    public static RegionRestricted Decide(RestrictionPolicy policy, ProposedChange change, ImpactSummary? impact = null,
                                          Guid? proposalId = null)
    {
        if (policy.At(change.EffectiveFrom).For(change.Region) is { } existing)
            throw new DomainConflict(
                $"{change.Region} is already restricted at {change.EffectiveFrom:O} (since policy version {existing.Version})");
        return new RegionRestricted(change.Region, change.LegalBasis, change.Reason, change.EffectiveFrom, policy.NextVersion,
                                    change.GracePeriodDays, impact, proposalId);
    }
}

public static class RestrictRegionEndpoint
{
    public static string PolicyStream() => RestrictionPolicy.StreamKey;

    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/restrictions"), ProducesResponseType<PolicyChanged>(201), ProducesResponseType<ProposalMade>(202)]
    public static Task<IResult> Post(RestrictRegion command,
                                     [WriteAggregate(FromMethod = nameof(PolicyStream), Required = false)] IEventStream<RestrictionPolicy> policy,
                                     PolicyChanging changing, CancellationToken cancellation) =>
        changing.Make(policy, command.Change, changed => Results.Created("/api/policy", changed), cancellation);
}
