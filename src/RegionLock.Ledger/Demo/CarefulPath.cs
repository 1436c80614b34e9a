using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Devices.Notices;
using RegionLock.Ledger.Devices.Observing;
using RegionLock.Ledger.Devices.Registering;
using RegionLock.Ledger.Devices.Warning;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Policy.Exemptions.Granting;
using RegionLock.Ledger.Policy.Impact;
using RegionLock.Ledger.Policy.Proposals;
using RegionLock.Ledger.Policy.Restricting;

namespace RegionLock.Ledger.Demo;

/// <summary>
/// The careful path, beside the 2021 incident: an illustrative restriction of Belarus from 1 March 2022, taken with the
/// care the incident lacked. Its impact is weighed by the analysis on the ledger as it then stood; one officer proposes
/// it, a second approves it; a diplomat's handset is exempted; visitors whose SIMs are from elsewhere are spared for
/// the roaming allowance; and owners are warned, with a grace period, before any lock; a device that left in time is
/// not locked. Illustrative, not historical: no such restriction was made, and the seed says so.
/// </summary>
public static class CarefulPath
{
    public const string Region = "BY";
    public static readonly DateTimeOffset ProposedAt = new(2022, 2, 28, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset EffectiveFrom = new(2022, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private const int GracePeriodDays = 14;
    private static readonly Actor Proposer = new("officer.a@demo", Role.Compliance);
    private static readonly Actor Approver = new("officer.b@demo", Role.Compliance);

    // Where the devices were sold, and the home network of a SIM bought there (Belarus's own for its market).
    private static readonly (string Market, string Mcc, string Mnc)[] Markets =
        [("PL", "260", "01"), ("LT", "246", "01"), ("LV", "247", "01"), ("DE", "262", "01"), ("BY", "257", "01")];

    // The demo's officers ask a second pair of eyes for any change that reaches a device.
    private static readonly PolicySettings Care = new() { ApprovalThresholdDevices = 0 };

    public sealed record Summary(int Devices, Guid ProposalId, ImpactSummary Impact, int Waived, int Warned, int Locked,
                                 int Lapsed, int Events);

    public static async Task<Summary> Seed(IDocumentStore store, ImpactAnalyst analyst, int devices, CancellationToken cancellation)
    {
        var random = new Random(2022);
        var seen = Enumerable.Range(0, devices).Select(n => Arrive(n, random)).ToList();
        var diplomat = seen[0].Device.Imei;
        var exemption = Granting.Decide(new GrantExemption("imei", diplomat, Region, "diplomatic handset (illustrative)",
                                                           "embassy staff", ProposedAt.AddDays(-8), ProposedAt.AddDays(357)),
                                        Guid.Parse("0192f1a0-0000-7000-8000-000000002022"));
        await using (var session = DemoLedger.Session(store, Proposer))
        {
            foreach (var (device, events) in seen) session.Events.StartStream<Device>(device.Imei, events.ToArray());
            session.Events.StartStream<Exemption>(exemption.ExemptionId.ToString(), exemption);
            await session.SaveChangesAsync(cancellation);
        }
        var count = seen.Sum(s => s.Events.Count) + 1;

        // Weighed on the ledger as it stood, proposed, and approved the next day by a second officer.
        var change = new RestrictRegion(Region, "EO 14038 (illustrative)", "illustrative: the careful path", EffectiveFrom, GracePeriodDays).Change;
        var impact = (await analyst.Analyse(PolicyChangeKind.Restrict, Region, EffectiveFrom, ProposedAt, cancellation)).Summary();
        await using var query = store.QuerySession();
        var policy = await query.QueryByPlanAsync(CurrentPolicy.Plan, cancellation);
        var proposalId = Guid.Parse("0192f1a0-0000-7000-8000-000000003022");
        var proposed = (RestrictionProposed)FourEyes.Decide(policy, change, impact, Care, proposalId, ProposedAt);
        policy = policy.Apply(new Event<RestrictionProposed>(proposed) { UserName = Proposer.Principal });
        var (approved, restricted) = FourEyes.Approve(policy, proposalId, "impact reviewed: visitors spared, owners warned first",
                                                      Approver.Principal, impact, Care, ProposedAt.AddDays(1));
        policy = policy.Apply(new Event<RegionRestricted>((RegionRestricted)restricted));
        await Append(store, Proposer, RestrictionPolicy.StreamKey, [proposed], cancellation);
        await Append(store, Approver, RestrictionPolicy.StreamKey, [approved, restricted], cancellation);
        count += 3;

        // Enforcement after the restriction took effect, decided by the product's own rules.
        var exemptions = new[] { Exemption.Create(new Event<ExemptionGranted>(exemption) { StreamKey = exemption.ExemptionId.ToString() }) };
        var (waived, warned, locked, lapsed) = (0, 0, 0, 0);
        await using (var session = DemoLedger.Session(store, Actor.Enforcement))
        {
            foreach (var (arrived, _) in seen)
            {
                var (device, events) = Enforce(arrived, policy, exemptions, random);
                session.Events.Append(device.Imei, events.ToArray());
                count += events.Count;
                // The owner's notice, delivered at the first attempt a minute after the warning.
                foreach (var warning in events.OfType<DeviceWarned>())
                {
                    session.Events.StartStream<Notice>(warning.WarningId.ToString(),
                                                       new NoticeDelivered(device.Imei, warning.WarningId, 1, 204, warning.EffectiveAt.AddMinutes(1)));
                    count++;
                }
                waived += events.OfType<EnforcementWaived>().Count();
                warned += events.OfType<DeviceWarned>().Count();
                locked += events.OfType<DeviceLocked>().Count();
                lapsed += events.OfType<DeviceWarningLapsed>().Count();
            }
            await session.SaveChangesAsync(cancellation);
        }
        return new Summary(devices, proposalId, impact, waived, warned, locked, lapsed, count);
    }

    /// <summary>A device registered in its market and seen in Belarus in the second half of February 2022.</summary>
    private static (Device Device, List<object> Events) Arrive(int n, Random random)
    {
        var payload = $"35{900_000 + n:D12}";
        var (market, mcc, mnc) = Markets[random.Next(Markets.Length)];
        var registered = Registration.Decide(new RegisterDevice(payload + Imei.CheckDigit(payload), "Phone 14", market),
                                             ProposedAt.AddDays(-random.Next(60, 400)));
        var device = Device.Create(registered);
        // Half the visitors carry their home SIM (roaming); the others bought a Belarusian one.
        var home = market == Region || random.Next(2) == 0 ? ("257", "02") : (mcc, mnc);
        var observed = Observation.Observed(device, new ObserveDevice(null, "network_mcc", "257", "01",
            ProposedAt.AddDays(-random.Next(1, 14)).AddMinutes(-random.Next(0, 1440)), home.Item1, home.Item2));
        return (device.Apply(observed), [registered, observed]);
    }

    /// <summary>A sighting in Belarus after the effect, what enforcement made of it, and how a warning ended.</summary>
    private static (Device, List<object>) Enforce(Device device, RestrictionPolicy policy, IReadOnlyList<Exemption> exemptions,
                                                  Random random)
    {
        var allowance = Care.RoamingAllowance;
        var stay = device.Stay!;
        var at = EffectiveFrom.AddDays(random.Next(1, 10)).AddMinutes(random.Next(0, 1440));
        var observed = Observation.Observed(device, new ObserveDevice(null, "network_mcc", "257", "01", at, stay.HomeMcc, stay.HomeMnc));
        device = device.Apply(observed);
        var events = new List<object> { observed };
        var outcome = Enforcement.Decide(device, observed, policy.At(at), exemptions, allowance, DemoLedger.NextGuid(random), at);
        if (outcome is null) return (device, events);
        events.Add(outcome);
        if (outcome is not DeviceWarned warning) return (device, events);

        device = device.Apply(warning);
        // About a third leave before the grace period ends: their warnings lapse.
        if (random.Next(3) == 0)
        {
            var left = Observation.Observed(device, new ObserveDevice("LT", "network_mcc", "246", "01",
                                                                      at.AddDays(random.Next(2, GracePeriodDays)), stay.HomeMcc, stay.HomeMnc));
            device = device.Apply(left);
            events.Add(left);
        }
        var ended = GracePeriod.End(device, warning.WarningId, policy.At(warning.LockDueAt), exemptions, allowance,
                                    DemoLedger.NextGuid(random), warning.LockDueAt)!;
        events.Add(ended);
        return (ended is DeviceLocked locked ? device.Apply(locked) : device.Apply((DeviceWarningLapsed)ended), events);
    }

    private static async Task Append(IDocumentStore store, Actor actor, string stream, object[] events, CancellationToken cancellation)
    {
        await using var session = DemoLedger.Session(store, actor);
        session.Events.Append(stream, events);
        await session.SaveChangesAsync(cancellation);
    }

}
