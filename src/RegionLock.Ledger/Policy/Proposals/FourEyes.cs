using RegionLock.Ledger.Policy.Impact;
using Lifts = RegionLock.Ledger.Policy.Lifting.Lifting;
using Restrictions = RegionLock.Ledger.Policy.Restricting.Restricting;

namespace RegionLock.Ledger.Policy.Proposals;

/// <summary>
/// Four eyes over policy changes: a change whose impact names more devices than Policy:ApprovalThresholdDevices is
/// proposed instead of made; a second compliance officer approves it (while it is pending, unexpired, and its impact
/// has not drifted beyond Policy:ImpactDriftPercent) or rejects it. Every change records the impact it had.
/// </summary>
public static class FourEyes
{
    /// <returns>The change itself, or its proposal when its impact needs a second officer.</returns>
    public static object Decide(RestrictionPolicy policy, ProposedChange change, ImpactSummary impact, PolicySettings settings,
                                Guid proposalId, DateTimeOffset now)
    {
        var made = Make(policy, change, impact, null);
        return impact.Devices > settings.ApprovalThresholdDevices
            ? new RestrictionProposed(proposalId, change, impact, now.AddHours(settings.ProposalLifetimeHours))
            : made;
    }

    /// <summary>The change as the policy records it; a 409 where the policy does not allow it (already restricted, not restricted).</summary>
    public static object Make(RestrictionPolicy policy, ProposedChange change, ImpactSummary impact, Guid? proposalId) =>
        change.Kind == PolicyChangeKind.Restrict
            ? Restrictions.Decide(policy, change, impact, proposalId)
            : Lifts.Decide(policy, change, impact, proposalId);

    /// <param name="fresh">The impact computed again now.</param>
    public static (RestrictionApproved Approved, object Change) Approve(RestrictionPolicy policy, Guid proposalId, string reason,
                                                                       string approver, ImpactSummary fresh,
                                                                       PolicySettings settings, DateTimeOffset now)
    {
        var proposal = Pending(policy, proposalId, now);
        if (proposal.ProposedBy == approver)
            throw new NotPermitted($"proposal {proposalId} was made by {approver}: a second compliance officer approves it");
        var was = proposal.Impact.Devices;
        var drift = Math.Abs(fresh.Devices - was) * 100.0 / Math.Max(was, 1);
        if (drift > settings.ImpactDriftPercent)
            throw new DomainConflict(
                $"the impact of proposal {proposalId} moved from {was} to {fresh.Devices} devices ({drift:N0}%) since it was " +
                $"proposed, beyond Policy:ImpactDriftPercent ({settings.ImpactDriftPercent}%): analyse it again and propose afresh");
        return (new RestrictionApproved(proposalId, reason, fresh), Make(policy, proposal.Change, fresh, proposalId));
    }

    public static RestrictionRejected Reject(RestrictionPolicy policy, Guid proposalId, string reason, DateTimeOffset now)
    {
        Pending(policy, proposalId, now);
        return new RestrictionRejected(proposalId, reason);
    }

    private static Proposal Pending(RestrictionPolicy policy, Guid proposalId, DateTimeOffset now)
    {
        var proposal = policy.FindProposal(proposalId) ?? throw new NotInLedger($"proposal {proposalId} is not in the ledger");
        return proposal.StatusAt(now) switch
        {
            ProposalStatus.Pending => proposal,
            ProposalStatus.Expired => throw new DomainConflict($"proposal {proposalId} expired at {proposal.ExpiresAt:O}; propose it afresh"),
            var status => throw new DomainConflict(
                $"proposal {proposalId} was already {StoredName<ProposalStatus>.Of(status)} by {proposal.DecidedBy} at {proposal.DecidedAt:O}"),
        };
    }
}
