using System.Text.Json.Serialization;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Policy.Impact;

/// <summary>A change the analysis weighs. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<PolicyChangeKind>))]
public enum PolicyChangeKind
{
    [JsonStringEnumMemberName("restrict")] Restrict,
    [JsonStringEnumMemberName("lift")] Lift,
}

/// <summary>One line of a breakdown: devices seen in the region with this key, and how many a restriction would lock.</summary>
public sealed record ImpactLine(string Key, int Devices, int WouldLockNow, int WouldLockAtEffect);

/// <param name="SoldElsewhere">Sold in a market outside the region.</param>
/// <param name="RoamingOnly">Seen in the region only with a SIM from outside it.</param>
/// <param name="SeenElsewhereSince">Seen outside the region after their last sighting in it.</param>
/// <param name="Any">Devices with at least one of the three signs.</param>
public sealed record Travellers(int SoldElsewhere, int RoamingOnly, int SeenElsewhereSince, int Any);

/// <summary>What a spare (an exemption, or the roaming allowance when ExemptionId is null) covers now and at effect.</summary>
public sealed record SparedBy(WaiverBasis Basis, Guid? ExemptionId, string? Value, DateTimeOffset? Until, int Now, int AtEffect);

/// <summary>
/// What a proposed restriction or lift of a region would do on the ledger as it stands: computed from the devices'
/// snapshots and the exemptions, writing nothing.
/// </summary>
/// <param name="ObservedDevices">Registered devices seen in the region (or a region inside it) at least once.</param>
/// <param name="InRegion">Those whose latest observation is in the region: the ones a restriction reaches.</param>
/// <param name="WouldLockNow">Devices in the region, not yet locked there, that nothing spares at <paramref name="ComputedAt"/>.</param>
/// <param name="WouldLockAtEffect">The same at <paramref name="EffectiveFrom"/>: exemptions and roaming allowances may run out by then.</param>
/// <param name="Releases">For a lift: devices locked in the region outside investigations, which its release would unlock.</param>
/// <param name="LockedInInvestigations">For a lift: devices locked there under an investigation, which stay locked until it closes.</param>
public sealed record ImpactAnalysis(
    PolicyChangeKind Change, string Region, DateTimeOffset EffectiveFrom, DateTimeOffset ComputedAt, long AtSequence,
    int PolicyVersion, int ObservedDevices, int InRegion, int AlreadyLocked, int WouldLockNow, int WouldLockAtEffect,
    Travellers Travellers, IReadOnlyList<SparedBy> Spared, IReadOnlyList<ImpactLine> BySalesMarket,
    IReadOnlyList<ImpactLine> BySignal, IReadOnlyList<ImpactLine> ByRecency, int Releases, int LockedInInvestigations,
    IReadOnlyList<string> Sample)
{
    public const int SampleSize = 20;

    /// <summary>The figure four eyes weigh: devices a restriction would lock at effect, or locks a lift would release.</summary>
    public int Devices => Change == PolicyChangeKind.Restrict ? WouldLockAtEffect : Releases;

    public ImpactSummary Summary() =>
        new(AtSequence, ComputedAt, Devices, WouldLockNow, WouldLockAtEffect, Spared.Sum(s => s.AtEffect), Travellers.Any, Releases);
}
