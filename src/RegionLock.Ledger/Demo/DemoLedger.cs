using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Appeals.Deciding;
using RegionLock.Ledger.Appeals.Filing;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Locking;
using RegionLock.Ledger.Devices.Observing;
using RegionLock.Ledger.Devices.Registering;
using RegionLock.Ledger.Devices.Releasing;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Investigations.Closing;
using RegionLock.Ledger.Investigations.Opening;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Lifting;
using RegionLock.Ledger.Policy.Restricting;

namespace RegionLock.Ledger.Demo;

/// <summary>
/// The September 2021 incident as a demo ledger: six regions restricted from one instant, a few thousand devices sold
/// elsewhere observed there and locked "temporarily, pending an investigation", appeals granted and denied, the
/// investigation closed with unlock_all six weeks later, and Sudan's restriction lifted. Every event comes from the
/// product's own decisions; a fixed seed makes the same ledger every time. Appended straight through Marten.
/// </summary>
public static class DemoLedger
{
    public static readonly DateTimeOffset Restricted = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Regions = ["IR", "CU", "SY", "UA-43", "SD", "KP"];
    private static readonly string[] Markets = ["AE", "TR", "DE", "AM", "AZ", "IN", "CN", "MY"];
    private static readonly string[] Models = ["Phone 12", "Phone 12 Pro", "Phone 13", "Phone SE"];
    private static readonly Actor Seeder = new("seed-demo", "compliance");

    public sealed record Summary(int Devices, int Appeals, int Events, Guid InvestigationId);

    public static async Task<Summary> Seed(IDocumentStore store, int devices, CancellationToken cancellation)
    {
        var random = new Random(2021);
        var policy = RestrictionPolicy.Empty;
        var policyEvents = new List<object>();
        foreach (var region in Regions)
        {
            var restricted = Restricting.Decide(policy, new RestrictRegion(region, LegalBasis(region), "comprehensive sanctions", Restricted).Change);
            policy = policy.Apply(new Event<RegionRestricted>(restricted));
            policyEvents.Add(restricted);
        }
        var investigationId = Guid.Parse("0192f1a0-0000-7000-8000-000000002021");
        var opened = Opening.Decide(new OpenInvestigation("September 2021 activations", Regions), investigationId,
                                    Restricted.AddHours(2));
        var investigation = Investigation.Create(opened);
        var closedAt = Restricted.AddDays(42);
        var closed = Closing.Decide(investigation, new CloseInvestigation(StoredName<InvestigationOutcome>.Of(InvestigationOutcome.UnlockAll),
            "grey-market imports; no diversion to sanctioned end users found"), closedAt);
        var lifted = Lifting.Decide(policy, new LiftRestriction("maker's export-compliance policy (illustrative)",
            "illustrative date: Sudan taken off the maker's list after review", Restricted.AddDays(90)).Change("SD"));
        var count = policyEvents.Count + 3;
        var appeals = 0;

        await using (var session = Session(store))
        {
            session.Events.StartStream<RestrictionPolicy>(RestrictionPolicy.StreamKey, [.. policyEvents, lifted]);
            session.Events.StartStream<Investigation>(investigationId.ToString(), opened, closed);
            await session.SaveChangesAsync(cancellation);
        }

        foreach (var batch in Enumerable.Range(0, devices).Chunk(500))
        {
            await using var session = Session(store);
            foreach (var n in batch)
            {
                var (events, appeal) = DeviceEvents(n, random, policy, investigation, closedAt);
                session.Events.StartStream<Device>(((DeviceRegistered)events[0]).Imei, events.ToArray());
                count += events.Count;
                if (appeal is not null)
                {
                    session.Events.StartStream<Appeal>(((AppealFiled)appeal[0]).AppealId.ToString(), appeal.ToArray());
                    count += appeal.Count;
                    appeals++;
                }
            }
            await session.SaveChangesAsync(cancellation);
        }
        return new Summary(devices, appeals, count, investigationId);
    }

    private static (List<object> Device, List<object>? Appeal) DeviceEvents(int n, Random random, RestrictionPolicy policy,
                                                                     Investigation investigation, DateTimeOffset closedAt)
    {
        var investigationId = investigation.InvestigationId;
        var payload = $"35{n + 1:D12}";
        var imei = payload + Imei.CheckDigit(payload);
        var region = Regions[random.Next(Regions.Length)];
        var observedAt = Restricted.AddMinutes(random.Next(0, 14 * 24 * 60));

        var registered = Registration.Decide(new RegisterDevice(imei, Models[random.Next(Models.Length)], Markets[random.Next(Markets.Length)]),
                                             observedAt.AddDays(-random.Next(30, 400)));
        var device = Device.Create(registered);
        var observed = Observation.Observed(device, new ObserveDevice(region, StoredName<ObservationSignal>.Of(ObservationSignal.NetworkMcc), null, null, observedAt));
        device = device.Apply(observed);
        var locked = Locking.Decide(device, new LockDevice(region, "temporarily, pending an investigation", investigationId),
                                    NextGuid(random), policy.At(observedAt), investigation,
                                    observedAt.AddMinutes(5));
        device = device.Apply(locked);
        var events = new List<object> { registered, observed, locked };

        List<object>? appeal = null;
        var unlocked = Releasing.Decide(device, new ReleaseDeviceLocks(imei, UnlockReason.InvestigationClosed, investigationId, null, Seeder), closedAt)
            .First();
        if (n % 20 == 0)
        {
            var filedAt = locked.EffectiveAt.AddDays(random.Next(2, 7));
            var appealId = NextGuid(random);
            var filed = Filing.Decide(device, new FileAppeal(imei, locked.LockId, "bought abroad, travelling for work",
                                                             $"pd:v1:{appealId}:erased"), null, appealId, filedAt);
            var outcome = n % 40 == 0 ? AppealOutcome.Granted : AppealOutcome.Denied;
            var (decided, unlock) = Deciding.Decide(Appeal.Create(filed), device,
                new DecideAppeal(StoredName<AppealOutcome>.Of(outcome), outcome == AppealOutcome.Granted ? "proof of purchase and travel" : "no evidence of travel"),
                filedAt.AddDays(random.Next(3, 12)));
            appeal = [filed, decided];
            if (unlock is not null) unlocked = unlock;
        }
        events.Add(unlocked);
        return (events, appeal);
    }

    // Ids from the seeded generator: the same demo ledger every time.
    internal static Guid NextGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string LegalBasis(string region) => region switch
    {
        "IR" => "31 CFR 560; 15 CFR 746.7",
        "CU" => "31 CFR 515; 15 CFR 746.2",
        "SY" => "31 CFR 542; 15 CFR 746.9",
        "UA-43" => "EO 13685; 15 CFR 746.6",
        // Illustrative: the US Sudanese Sanctions Regulations (31 CFR 538) were revoked in 2017, so in 2021 Sudan was on
        // a maker's list by its own policy, not under a US sanctions programme.
        "SD" => "maker's export-compliance policy (illustrative)",
        "KP" => "31 CFR 510; 15 CFR 746.4",
        _ => "15 CFR 746",
    };

    internal static IDocumentSession Session(IDocumentStore store, Actor? actor = null)
    {
        var session = store.LightweightSession();
        CommandMetadata.StampActor(session, actor ?? Seeder);
        session.SetHeader(CommandMetadata.Keys.Request, "seed-demo");
        return session;
    }
}
