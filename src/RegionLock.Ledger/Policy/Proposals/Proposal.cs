using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Policy.Proposals;

/// <summary>A proposed policy change awaiting, or past, a second officer's decision.</summary>
/// <param name="Impact">The impact computed at proposal: what the approver is shown.</param>
public sealed record Proposal(Guid ProposalId, ProposedChange Change, ImpactSummary Impact, DateTimeOffset ProposedAt,
                              string? ProposedBy, DateTimeOffset ExpiresAt, ProposalStatus Status)
{
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }

    public ProposalStatus StatusAt(DateTimeOffset instant) =>
        Status == ProposalStatus.Pending && instant >= ExpiresAt ? ProposalStatus.Expired : Status;
}

/// <summary>Where a proposal stands. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<ProposalStatus>))]
public enum ProposalStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    /// <summary>Never stored: a pending proposal past its expiry reads as expired.</summary>
    [JsonStringEnumMemberName("expired")] Expired,
}
