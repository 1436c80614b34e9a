using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Policy.Impact;

/// <summary>What the analysis reads, all from one snapshot of the ledger.</summary>
/// <param name="Devices">For a restriction the devices seen in the region; for a lift those locked there.</param>
/// <param name="Exemptions">The exemptions not ended by the analysis's instant.</param>
public sealed record ImpactLedger(long AtSequence, RestrictionPolicy Policy, IReadOnlyList<Device> Devices,
                                  IReadOnlyList<Exemption> Exemptions);

/// <summary>
/// The impact analysis as a pure function of the ledger's snapshot, the change and two instants: now and the change's
/// effect. A restriction reaches a device at its next observation in the region, so it counts the devices whose
/// latest observation is there, spared or not by the rules enforcement itself applies (<see cref="Waivers"/>).
/// </summary>
public static class Impact
{
    public static ImpactAnalysis Analyse(ImpactLedger ledger, PolicyChangeKind change, string region,
                                         DateTimeOffset effectiveFrom, DateTimeOffset now, TimeSpan roamingAllowance)
    {
        var version = ledger.Policy.At(now).Version;
        if (change == PolicyChangeKind.Lift) return Lift(ledger, region, effectiveFrom, now, version);

        var facts = ledger.Devices.Select(d => Weigh(d, region, effectiveFrom, now, ledger.Exemptions, roamingAllowance))
            .OrderBy(f => f.Device.Imei, StringComparer.Ordinal).ToList();
        var locking = facts.Where(f => f.LocksAtEffect).ToList();
        return new ImpactAnalysis(
            change, region, effectiveFrom, now, ledger.AtSequence, version,
            ObservedDevices: facts.Count,
            InRegion: facts.Count(f => f.InRegion),
            AlreadyLocked: facts.Count(f => f.AlreadyLocked),
            WouldLockNow: facts.Count(f => f.LocksNow),
            WouldLockAtEffect: locking.Count,
            Travellers: new Travellers(facts.Count(f => f.SoldElsewhere), facts.Count(f => f.RoamingOnly),
                                       facts.Count(f => f.SeenElsewhereSince),
                                       facts.Count(f => f.SoldElsewhere || f.RoamingOnly || f.SeenElsewhereSince)),
            Spared: SparedBy(facts, ledger.Exemptions, roamingAllowance),
            BySalesMarket: Breakdown(facts, f => f.Device.SalesMarket),
            BySignal: Breakdown(facts, f => StoredName<ObservationSignal>.Of(f.LastSignal)),
            ByRecency: Breakdown(facts, f => Recency(now - f.LastInRegion)),
            Releases: 0, LockedInInvestigations: 0,
            Sample: locking.Take(ImpactAnalysis.SampleSize).Select(f => f.Device.Imei).ToList());
    }

    private static ImpactAnalysis Lift(ImpactLedger ledger, string region, DateTimeOffset effectiveFrom, DateTimeOffset now,
                                       int version)
    {
        var locks = ledger.Devices.SelectMany(d => d.ActiveLocks.Where(l => l.Region == region).Select(l => (d.Imei, l.InvestigationId)))
            .OrderBy(l => l.Imei, StringComparer.Ordinal).ToList();
        var releases = locks.Where(l => l.InvestigationId is null).Select(l => l.Imei).Distinct().ToList();
        var held = locks.Where(l => l.InvestigationId is not null).Select(l => l.Imei).Distinct().Count();
        return new ImpactAnalysis(PolicyChangeKind.Lift, region, effectiveFrom, now, ledger.AtSequence, version,
                                  0, 0, 0, 0, 0, new Travellers(0, 0, 0, 0), [], [], [], [], releases.Count, held,
                                  releases.Take(ImpactAnalysis.SampleSize).ToList());
    }

    /// <summary>One device as the analysis sees it.</summary>
    private sealed record Facts(Device Device, bool InRegion, bool AlreadyLocked, DateTimeOffset LastInRegion,
                                ObservationSignal LastSignal, bool SoldElsewhere, bool RoamingOnly, bool SeenElsewhereSince,
                                Waiver? SparedNow, Waiver? SparedAtEffect)
    {
        private bool Reachable => InRegion && !AlreadyLocked;
        public bool LocksNow => Reachable && SparedNow is null;
        public bool LocksAtEffect => Reachable && SparedAtEffect is null;
        public Waiver? ReachableSparedNow => Reachable ? SparedNow : null;
        public Waiver? ReachableSparedAtEffect => Reachable ? SparedAtEffect : null;
    }

    private static Facts Weigh(Device device, string region, DateTimeOffset effectiveFrom, DateTimeOffset now,
                               IReadOnlyList<Exemption> exemptions, TimeSpan roamingAllowance)
    {
        var catalogue = RegionCatalogue.Shared;
        var there = device.Presence.Where(p => catalogue.IsWithin(p.Region, region)).ToList();
        var last = there.MaxBy(p => p.LastObservedAt)!;
        var inRegion = device.LastRegion is { } lastRegion && catalogue.IsWithin(lastRegion, region);
        var roaming = device.Stay?.IsRoamingIn(region, now) ?? false;
        return new Facts(device, inRegion, device.HasActiveLockIn(region), last.LastObservedAt, last.LastSignal,
                         SoldElsewhere: !catalogue.IsWithin(region, device.SalesMarket),
                         RoamingOnly: there.All(p => p.RoamingOnly),
                         SeenElsewhereSince: !inRegion,
                         Waivers.For(device, region, now, roaming, exemptions, roamingAllowance),
                         Waivers.For(device, region, effectiveFrom, roaming, exemptions, roamingAllowance));
    }

    private static List<SparedBy> SparedBy(List<Facts> facts, IReadOnlyList<Exemption> exemptions, TimeSpan roamingAllowance)
    {
        var byExemption = exemptions.OrderBy(e => e.Kind).ThenBy(e => e.ExemptionId)
            .Select(e => new SparedBy(e.Kind, e.ExemptionId, e.Value, e.Until,
                                      facts.Count(f => f.ReachableSparedNow?.ExemptionId == e.ExemptionId),
                                      facts.Count(f => f.ReachableSparedAtEffect?.ExemptionId == e.ExemptionId)))
            .Where(s => s.Now > 0 || s.AtEffect > 0);
        var roaming = new SparedBy(WaiverBasis.Roaming, null, null, null,
                                   facts.Count(f => f.ReachableSparedNow?.Basis == WaiverBasis.Roaming),
                                   facts.Count(f => f.ReachableSparedAtEffect?.Basis == WaiverBasis.Roaming));
        return [.. byExemption, roaming];
    }

    private static List<ImpactLine> Breakdown(List<Facts> facts, Func<Facts, string> key) =>
        facts.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ImpactLine(g.Key, g.Count(), g.Count(f => f.LocksNow), g.Count(f => f.LocksAtEffect)))
            .ToList();

    /// <summary>How long ago the device was last seen in the region: within 7 days, within 30, or longer.</summary>
    public static string Recency(TimeSpan since) => since <= TimeSpan.FromDays(7) ? "7d" : since <= TimeSpan.FromDays(30) ? "30d" : "older";
}
