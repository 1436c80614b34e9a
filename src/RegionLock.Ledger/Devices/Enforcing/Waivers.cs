using RegionLock.Ledger.Policy.Exemptions;

namespace RegionLock.Ledger.Devices.Enforcing;

/// <summary>Why a device is spared a restriction at an instant.</summary>
/// <param name="Until">When the sparing ends: the exemption's end, or the roaming allowance's.</param>
public sealed record Waiver(WaiverBasis Basis, Guid? ExemptionId, DateTimeOffset Until);

/// <summary>
/// Whether a device is spared a restriction: by an exemption in force (an IMEI's own first, then its model's, then
/// its sales market's), else by the roaming allowance while its SIM is from outside the region. Enforcement, the end
/// of a grace period and the impact analysis all ask this one question.
/// </summary>
public static class Waivers
{
    /// <param name="roaming">Whether the device's SIM is from outside <paramref name="region"/>.</param>
    /// <param name="staySince">Since when the device has been where it is: the roaming allowance counts from then.</param>
    public static Waiver? For(string imei, string salesMarket, string region, DateTimeOffset at, bool roaming,
                              DateTimeOffset staySince, IEnumerable<Exemption> exemptions, TimeSpan roamingAllowance)
    {
        var exemption = exemptions.Where(e => e.Covers(imei, salesMarket, region, at))
            .OrderBy(e => e.Kind).ThenBy(e => e.ExemptionId).FirstOrDefault();
        if (exemption is not null) return new Waiver(exemption.Kind, exemption.ExemptionId, exemption.Until);
        var allowanceEnds = staySince + roamingAllowance;
        return roaming && at < allowanceEnds ? new Waiver(WaiverBasis.Roaming, null, allowanceEnds) : null;
    }

    public static Waiver? For(Device device, string region, DateTimeOffset at, bool roaming,
                              IEnumerable<Exemption> exemptions, TimeSpan roamingAllowance) =>
        For(device.Imei, device.SalesMarket, region, at, roaming, device.Stay?.Since ?? at, exemptions, roamingAllowance);
}
