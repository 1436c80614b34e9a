using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Policy;

// The policy stream: one stream, every change a new version. A change may take effect later (or earlier) than it
// was recorded; EffectiveFrom is the business time, Marten's timestamp the recording. Fields added after the first
// release are left out when null: a change recorded before them serializes back to the JSON it was sealed with.

/// <param name="GracePeriodDays">Days a device seen there is warned before it is locked; none: locked at once.</param>
/// <param name="Impact">What the impact analysis said when the change was decided (absent on changes made before it existed).</param>
/// <param name="ProposalId">The proposal a second officer approved, when the change needed one.</param>
public sealed record RegionRestricted(string Region, string LegalBasis, string Reason, DateTimeOffset EffectiveFrom,
                                      int Version,
                                      [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? GracePeriodDays = null,
                                      [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImpactSummary? Impact = null,
                                      [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ProposalId = null)
    : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => EffectiveFrom;
}

public sealed record RegionRestrictionLifted(string Region, string LegalBasis, string Reason,
                                             DateTimeOffset EffectiveFrom, int Version,
                                             [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImpactSummary? Impact = null,
                                             [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ProposalId = null)
    : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => EffectiveFrom;
}
