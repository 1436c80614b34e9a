using Microsoft.Extensions.Options;
using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Policy.Proposals;

/// <summary>A second officer's decision on a proposal, and why.</summary>
public sealed record DecideProposal(string Reason) : ICommandWithReason;

public sealed class DecideProposalValidator : AbstractValidator<DecideProposal>
{
    public DecideProposalValidator() => RuleFor(c => c.Reason).Text(500);
}

public static class DecideProposalEndpoints
{
    public static string PolicyStream() => RestrictionPolicy.StreamKey;

    /// <summary>Approves a proposal and makes its change in the same commit, its impact weighed again first.</summary>
    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/proposals/{id}/approve"), ProducesResponseType<PolicyChanged>(200)]
    public static async Task<PolicyChanged> Approve(DecideProposal command, string id,
                                                    [WriteAggregate(FromMethod = nameof(PolicyStream), Required = false)]
                                                    IEventStream<RestrictionPolicy> policy, PolicyChanging changing,
                                                    IOptions<PolicySettings> settings, HttpContext context, TimeProvider clock,
                                                    CancellationToken cancellation)
    {
        var current = policy.Aggregate ?? RestrictionPolicy.Empty;
        var proposalId = Guid.Parse(id);
        var proposal = current.FindProposal(proposalId) ?? throw new NotInLedger($"proposal {id} is not in the ledger");
        var fresh = await changing.Weigh(proposal.Change, cancellation);
        var (approved, change) = FourEyes.Approve(current, proposalId, command.Reason, Actor.Of(context).Principal, fresh, settings.Value,
                                                  clock.GetUtcNow());
        policy.AppendMany(approved, change);
        return PolicyChanging.Changed(change);
    }

    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/proposals/{id}/reject"), ProducesResponseType<ProposalDecided>(200)]
    public static ProposalDecided Reject(DecideProposal command, string id,
                                         [WriteAggregate(FromMethod = nameof(PolicyStream), Required = false)]
                                         IEventStream<RestrictionPolicy> policy, TimeProvider clock)
    {
        var rejected = FourEyes.Reject(policy.Aggregate ?? RestrictionPolicy.Empty, Guid.Parse(id), command.Reason, clock.GetUtcNow());
        policy.AppendOne(rejected);
        return new ProposalDecided(rejected.ProposalId, ProposalStatus.Rejected);
    }
}

public sealed record ProposalDecided(Guid ProposalId, ProposalStatus Status);
