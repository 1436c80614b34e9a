using RegionLock.Ledger.Policy.Impact;

namespace RegionLock.Ledger.Policy.Proposals;

// Four eyes, on the policy stream: a change whose impact exceeds Policy:ApprovalThresholdDevices is proposed, then
// approved by a second compliance officer (the change follows in the same commit) or rejected.

/// <param name="Impact">The impact as computed at proposal: what the approver is shown.</param>
public sealed record RestrictionProposed(Guid ProposalId, ProposedChange Change, ImpactSummary Impact, DateTimeOffset ExpiresAt);

/// <param name="Impact">The impact computed again at approval, within Policy:ImpactDriftPercent of the proposal's.</param>
public sealed record RestrictionApproved(Guid ProposalId, string Reason, ImpactSummary Impact);

public sealed record RestrictionRejected(Guid ProposalId, string Reason);

/// <summary>A restriction or lift as its maker asked for it.</summary>
/// <param name="GracePeriodDays">For a restriction: days a device is warned before it is locked.</param>
public sealed record ProposedChange(PolicyChangeKind Kind, string Region, string LegalBasis, string Reason,
                                    DateTimeOffset EffectiveFrom, int? GracePeriodDays);
