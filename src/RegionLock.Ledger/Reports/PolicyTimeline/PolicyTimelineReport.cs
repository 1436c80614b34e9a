using System.ComponentModel.DataAnnotations;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.Reports.PolicyTimeline;

/// <summary>
/// policy-timeline: every restriction in force at some time in the period — its policy version, region, restricted
/// from, lifted at (and by which version), legal basis, who made the change and when the ledger recorded it.
/// </summary>
public static class PolicyTimelineReport
{
    public const string Name = "policy-timeline";

    public sealed record Row([property: Key] int Version, [property: Key] string Region, DateTimeOffset RestrictedFrom, DateTimeOffset? LiftedAt,
                             int? LiftedByVersion, string LegalBasis, string? ChangedBy, DateTimeOffset RecordedAt);

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var policy = await ReportEvents.PolicyKnown(session, request, cancellation);

        var rows = policy.Changes.Where(c => c.Restricts)
            .Select(restriction => (Restriction: restriction, Lift: LiftOf(policy, restriction)))
            .Where(r => r.Restriction.EffectiveFrom < request.To && (r.Lift is null || r.Lift.EffectiveFrom > request.From))
            .Where(r => request.Includes(r.Restriction.Region))
            .OrderBy(r => r.Restriction.EffectiveFrom).ThenBy(r => r.Restriction.Version)
            .Select(r => new Row(r.Restriction.Version, r.Restriction.Region, r.Restriction.EffectiveFrom, r.Lift?.EffectiveFrom,
                                 r.Lift?.Version, r.Restriction.LegalBasis, r.Restriction.ChangedBy, r.Restriction.RecordedAt));
        return ReportFile.Of(Name, request, rows);
    }

    /// <summary>The first lift of the region that takes effect after the restriction does.</summary>
    private static PolicyChange? LiftOf(RestrictionPolicy policy, PolicyChange restriction) =>
        policy.Changes.Where(c => !c.Restricts && c.Region == restriction.Region && c.EffectiveFrom > restriction.EffectiveFrom)
            .OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Version).FirstOrDefault();
}
