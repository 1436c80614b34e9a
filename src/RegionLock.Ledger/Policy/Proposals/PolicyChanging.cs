using Microsoft.Extensions.Options;
using RegionLock.Ledger.Policy.Impact;

namespace RegionLock.Ledger.Policy.Proposals;

/// <summary>The answer to a change that was proposed rather than made: where to follow it, and what it weighs.</summary>
public sealed record ProposalMade(Guid ProposalId, string Region, ImpactSummary Impact, DateTimeOffset ExpiresAt);

/// <summary>A restriction or lift as the endpoints make it: weighed first, then made or proposed (<see cref="FourEyes"/>).</summary>
public sealed class PolicyChanging(ImpactAnalyst analyst, IOptions<PolicySettings> settings, TimeProvider clock)
{
    public async Task<IResult> Make(IEventStream<RestrictionPolicy> policy, ProposedChange change,
                                    Func<PolicyChanged, IResult> made, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var impact = await analyst.Analyse(change.Kind, change.Region, change.EffectiveFrom, now, cancellation);
        var decided = FourEyes.Decide(policy.Aggregate ?? RestrictionPolicy.Empty, change, impact.Summary(), settings.Value,
                                      Guid.CreateVersion7(), now);
        policy.AppendOne(decided);
        return decided is RestrictionProposed proposed
            ? Results.Accepted($"/api/policy/proposals/{proposed.ProposalId}",
                               new ProposalMade(proposed.ProposalId, change.Region, proposed.Impact, proposed.ExpiresAt))
            : made(Changed(decided));
    }

    public async Task<ImpactSummary> Weigh(ProposedChange change, CancellationToken cancellation) =>
        (await analyst.Analyse(change.Kind, change.Region, change.EffectiveFrom, clock.GetUtcNow(), cancellation)).Summary();

    public static PolicyChanged Changed(object change) => change switch
    {
        RegionRestricted restricted => new PolicyChanged(restricted.Version, restricted.Region),
        RegionRestrictionLifted lifted => new PolicyChanged(lifted.Version, lifted.Region),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "not a policy change"),
    };
}
