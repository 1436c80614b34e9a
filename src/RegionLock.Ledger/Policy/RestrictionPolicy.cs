using System.Collections.Immutable;
using RegionLock.Ledger.Policy.Proposals;

namespace RegionLock.Ledger.Policy;

/// <summary>
/// Every change of the list of restricted regions, folded inline from the single policy stream. Which regions are
/// restricted at an instant is read from the changes effective by then, whatever order they were recorded in.
/// </summary>
public sealed record RestrictionPolicy(string Id, ImmutableList<PolicyChange> Changes, int Version)
{
    /// <summary>Every proposal made, decided or not: few, since only changes of wide impact are proposed.</summary>
    public ImmutableList<Proposal> Proposals { get; init; } = [];

    public Proposal? FindProposal(Guid proposalId) => Proposals.Find(p => p.ProposalId == proposalId);

    public const string StreamKey = "policy";

    public static readonly RestrictionPolicy Empty = new(StreamKey, [], 0);

    /// <summary>The version the next change gets: policy versions count the changes, 1, 2, 3...</summary>
    public int NextVersion => Changes.Count + 1;

    public static RestrictionPolicy Create(IEvent<RegionRestricted> restricted) => Empty.Apply(restricted);

    public static RestrictionPolicy Create(IEvent<RegionRestrictionLifted> lifted) => Empty.Apply(lifted);

    public static RestrictionPolicy Create(IEvent<RestrictionProposed> proposed) => Empty.Apply(proposed);

    public RestrictionPolicy Apply(IEvent<RestrictionProposed> e) =>
        this with
        {
            Proposals = Proposals.Add(new Proposal(e.Data.ProposalId, e.Data.Change, e.Data.Impact, PostgresTime.Stored(e.Timestamp),
                                                   e.UserName, e.Data.ExpiresAt, ProposalStatus.Pending)),
        };

    public RestrictionPolicy Apply(IEvent<RestrictionApproved> e) =>
        Decided(e.Data.ProposalId, ProposalStatus.Approved, e.Data.Reason, e);

    public RestrictionPolicy Apply(IEvent<RestrictionRejected> e) =>
        Decided(e.Data.ProposalId, ProposalStatus.Rejected, e.Data.Reason, e);

    private RestrictionPolicy Decided(Guid proposalId, ProposalStatus status, string reason, IEvent e) =>
        FindProposal(proposalId) is { } proposal
            ? this with
            {
                Proposals = Proposals.Replace(proposal, proposal with
                {
                    Status = status, DecidedBy = e.UserName, DecidedAt = PostgresTime.Stored(e.Timestamp), DecisionReason = reason,
                }),
            }
            : this;

    public RestrictionPolicy Apply(IEvent<RegionRestricted> e) =>
        With(new PolicyChange(e.Data.Version, e.Data.Region, true, e.Data.LegalBasis, e.Data.Reason, e.Data.EffectiveFrom,
                              PostgresTime.Stored(e.Timestamp), e.UserName)
             {
                 GracePeriodDays = e.Data.GracePeriodDays, Impact = e.Data.Impact, ProposalId = e.Data.ProposalId,
             });

    public RestrictionPolicy Apply(IEvent<RegionRestrictionLifted> e) =>
        With(new PolicyChange(e.Data.Version, e.Data.Region, false, e.Data.LegalBasis, e.Data.Reason, e.Data.EffectiveFrom,
                              PostgresTime.Stored(e.Timestamp), e.UserName) { Impact = e.Data.Impact, ProposalId = e.Data.ProposalId });

    private RestrictionPolicy With(PolicyChange change) => this with { Changes = Changes.Add(change) };

    /// <summary>The policy as it stood at a version: what a decision naming that version applied.</summary>
    public RestrictionPolicy AsOfVersion(int version) =>
        this with { Changes = Changes.Where(c => c.Version <= version).ToImmutableList() };

    /// <summary>The policy in force at an instant: for each region its latest change effective by then.</summary>
    public PolicyInForce At(DateTimeOffset instant)
    {
        var effective = Changes.Where(c => c.EffectiveFrom <= instant).ToList();
        var restrictions = effective
            .GroupBy(c => c.Region)
            .Select(g => g.MaxBy(c => (c.EffectiveFrom, c.Version))!)
            .Where(c => c.Restricts)
            .Select(c => new Restriction(c.Region, c.LegalBasis, c.EffectiveFrom, c.Version) { GracePeriodDays = c.GracePeriodDays })
            .OrderBy(r => r.Region, StringComparer.Ordinal)
            .ToList();
        return new PolicyInForce(instant, effective.Count == 0 ? 0 : effective.Max(c => c.Version), restrictions);
    }
}

/// <param name="Restricts">True for a restriction, false for a lift.</param>
/// <param name="RecordedAt">When the ledger recorded the change; <paramref name="EffectiveFrom"/> is when it applies.</param>
/// <param name="ChangedBy">The principal who made the change.</param>
public sealed record PolicyChange(int Version, string Region, bool Restricts, string LegalBasis, string Reason,
                                  DateTimeOffset EffectiveFrom, DateTimeOffset RecordedAt, string? ChangedBy)
{
    public int? GracePeriodDays { get; init; }

    /// <summary>The impact the change had when it was decided: what its maker (and approver) were shown.</summary>
    public ImpactSummary? Impact { get; init; }

    /// <summary>The approved proposal the change came from, when it needed four eyes.</summary>
    public Guid? ProposalId { get; init; }
}

/// <param name="Version">The highest policy version effective at the instant: the version a decision names.</param>
public sealed record PolicyInForce(DateTimeOffset At, int Version, IReadOnlyList<Restriction> Restrictions)
{
    public Restriction? For(string region) => Restrictions.FirstOrDefault(r => r.Region == region);

    /// <summary>The restriction that covers a region: its own, or that of a region containing it.</summary>
    public Restriction? Covering(IEnumerable<string> regionAndContaining) =>
        regionAndContaining.Select(For).FirstOrDefault(r => r is not null);
}

/// <param name="Version">The policy version that restricted the region.</param>
public sealed record Restriction(string Region, string LegalBasis, DateTimeOffset RestrictedFrom, int Version)
{
    /// <summary>Days a device seen there is warned before it is locked; null when it is locked at once.</summary>
    public int? GracePeriodDays { get; init; }
}
