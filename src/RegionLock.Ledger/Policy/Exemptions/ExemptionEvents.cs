using RegionLock.Ledger.Devices.Enforcing;

namespace RegionLock.Ledger.Policy.Exemptions;

// An exemption's stream, keyed by its id: granted once, perhaps revoked before it expires.

/// <summary>
/// Devices spared by enforcement from <paramref name="EffectiveFrom"/> until <paramref name="ExpiresAt"/>: one IMEI,
/// a model (TAC), or the devices sold in a market; in one restricted region, or in every one when Region is null.
/// </summary>
public sealed record ExemptionGranted(Guid ExemptionId, WaiverBasis Kind, string Value, string? Region, string Basis,
                                      string Reason, DateTimeOffset EffectiveFrom, DateTimeOffset ExpiresAt) : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => EffectiveFrom;
}

public sealed record ExemptionRevoked(Guid ExemptionId, string Reason, DateTimeOffset EffectiveFrom) : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => EffectiveFrom;
}
