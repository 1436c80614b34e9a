using System.Collections.Immutable;

namespace RegionLock.Ledger.Policy;

/// <summary>
/// Every change of the list of restricted regions, folded inline from the single policy stream. Which regions are
/// restricted at an instant is read from the changes effective by then, whatever order they were recorded in.
/// </summary>
public sealed record RestrictionPolicy(string Id, ImmutableList<PolicyChange> Changes, int Version)
{
    public const string StreamKey = "policy";

    public static readonly RestrictionPolicy Empty = new(StreamKey, [], 0);

    /// <summary>The version the next change gets: policy versions count the changes, 1, 2, 3...</summary>
    public int NextVersion => Changes.Count + 1;

    public static RestrictionPolicy Create(IEvent<RegionRestricted> restricted) => Empty.Apply(restricted);

    public static RestrictionPolicy Create(IEvent<RegionRestrictionLifted> lifted) => Empty.Apply(lifted);

    public RestrictionPolicy Apply(IEvent<RegionRestricted> e) =>
        With(new PolicyChange(e.Data.Version, e.Data.Region, true, e.Data.LegalBasis, e.Data.Reason, e.Data.EffectiveFrom,
                              PostgresTime.Stored(e.Timestamp), e.UserName));

    public RestrictionPolicy Apply(IEvent<RegionRestrictionLifted> e) =>
        With(new PolicyChange(e.Data.Version, e.Data.Region, false, e.Data.LegalBasis, e.Data.Reason, e.Data.EffectiveFrom,
                              PostgresTime.Stored(e.Timestamp), e.UserName));

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
            .Select(c => new Restriction(c.Region, c.LegalBasis, c.EffectiveFrom, c.Version))
            .OrderBy(r => r.Region, StringComparer.Ordinal)
            .ToList();
        return new PolicyInForce(instant, effective.Count == 0 ? 0 : effective.Max(c => c.Version), restrictions);
    }
}

/// <param name="Restricts">True for a restriction, false for a lift.</param>
/// <param name="RecordedAt">When the ledger recorded the change; <paramref name="EffectiveFrom"/> is when it applies.</param>
/// <param name="ChangedBy">The principal who made the change.</param>
public sealed record PolicyChange(int Version, string Region, bool Restricts, string LegalBasis, string Reason,
                                  DateTimeOffset EffectiveFrom, DateTimeOffset RecordedAt, string? ChangedBy);

/// <param name="Version">The highest policy version effective at the instant: the version a decision names.</param>
public sealed record PolicyInForce(DateTimeOffset At, int Version, IReadOnlyList<Restriction> Restrictions)
{
    public Restriction? For(string region) => Restrictions.FirstOrDefault(r => r.Region == region);

    /// <summary>The restriction that covers a region: its own, or that of a region containing it.</summary>
    public Restriction? Covering(IEnumerable<string> regionAndContaining) =>
        regionAndContaining.Select(For).FirstOrDefault(r => r is not null);
}

/// <param name="Version">The policy version that restricted the region.</param>
public sealed record Restriction(string Region, string LegalBasis, DateTimeOffset RestrictedFrom, int Version);
