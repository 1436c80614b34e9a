using RegionLock.Ledger.Devices.Enforcing;

namespace RegionLock.Ledger.Policy.Exemptions;

/// <summary>An exemption as its stream tells it, folded inline: what enforcement and the impact analysis consult.</summary>
/// <param name="Value">The IMEI, the 8-digit TAC or the ISO 3166-1 sales market.</param>
/// <param name="Until">When it stops sparing devices: its expiry, or an earlier revocation.</param>
public sealed record Exemption(string Id, Guid ExemptionId, WaiverBasis Kind, string Value, string? Region, string Basis,
                               string Reason, DateTimeOffset EffectiveFrom, DateTimeOffset ExpiresAt, DateTimeOffset Until,
                               DateTimeOffset GrantedAt, string? GrantedBy, int Version)
{
    public static Exemption Create(IEvent<ExemptionGranted> e) =>
        new(e.StreamKey!, e.Data.ExemptionId, e.Data.Kind, e.Data.Value, e.Data.Region, e.Data.Basis, e.Data.Reason,
            e.Data.EffectiveFrom, e.Data.ExpiresAt, e.Data.ExpiresAt, PostgresTime.Stored(e.Timestamp), e.UserName, 0);

    public Exemption Apply(ExemptionRevoked revoked) =>
        this with { Until = revoked.EffectiveFrom < Until ? revoked.EffectiveFrom : Until };

    public bool InForceAt(DateTimeOffset instant) => EffectiveFrom <= instant && instant < Until;

    /// <summary>Whether it spares this device from the restriction of <paramref name="restrictedRegion"/> at an instant.</summary>
    public bool Covers(string imei, string salesMarket, string restrictedRegion, DateTimeOffset at) =>
        InForceAt(at) && (Region is null || Region == restrictedRegion) && Kind switch
        {
            WaiverBasis.Imei => Value == imei,
            WaiverBasis.Tac => imei.StartsWith(Value, StringComparison.Ordinal),
            WaiverBasis.SalesMarket => Value == salesMarket,
            _ => false,
        };
}
