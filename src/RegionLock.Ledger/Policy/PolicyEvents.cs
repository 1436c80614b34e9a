namespace RegionLock.Ledger.Policy;

// The policy stream: one stream, every change a new version. A change may take effect later (or earlier) than it
// was recorded; EffectiveFrom is the business time, Marten's timestamp the recording.

public sealed record RegionRestricted(string Region, string LegalBasis, string Reason, DateTimeOffset EffectiveFrom,
                                      int Version) : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => EffectiveFrom;
}

public sealed record RegionRestrictionLifted(string Region, string LegalBasis, string Reason,
                                             DateTimeOffset EffectiveFrom, int Version) : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => EffectiveFrom;
}
