using System.Collections.Immutable;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Devices.Releasing;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Exemptions;
using JasperFx.Events;

namespace RegionLock.Ledger.Tests.Devices.Enforcing;

public class EnforcementTests
{
    private static readonly Actor Officer = new("officer", "compliance");

    private const string Imei = "490154203237518";
    private static readonly DateTimeOffset T = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid LockId = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Investigation = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly PolicyInForce Iran = new(T, 4, [new Restriction("IR", "15 CFR 746", T, 2)]);
    private static readonly Device Usable = Device.Create(new DeviceRegistered(Imei, "Phone 12", "AE", T.AddYears(-1)));

    private static DeviceObserved SeenIn(string region) => new(Imei, region, ObservationSignal.Gps, null, null, T.AddDays(1));

    private static Device LockedIn(string region, Guid? investigation = null) =>
        Usable.Apply(new DeviceLocked(Imei, LockId, region, "r", 4, investigation, T));

    private static IEnforcementOutcome? Decide(Device device, DeviceObserved observed, PolicyInForce? policy = null,
                                               IReadOnlyList<Exemption>? exemptions = null) =>
        Enforcement.Decide(device.Apply(observed), observed, policy ?? Iran, exemptions ?? [], TimeSpan.FromDays(14), LockId, T.AddDays(2));

    private static Exemption Exempt(WaiverBasis kind, string value, string? region = null, int days = 30) =>
        Exemption.Create(new Event<ExemptionGranted>(new ExemptionGranted(Guid.CreateVersion7(), kind, value, region, "proof of purchase",
                                                                          "bought abroad", T, T.AddDays(days))) { StreamKey = "e" });

    [Fact]
    public void an_observation_in_a_restricted_region_locks_there_naming_the_policy_version() =>
        Assert.Equal(new DeviceLocked(Imei, LockId, "IR", "restricted_region", 4, null, T.AddDays(2)), Decide(Usable, SeenIn("IR")));

    [Fact]
    public void an_observation_in_a_subdivision_locks_in_the_restricted_country() =>
        Assert.Equal("IR", Assert.IsType<DeviceLocked>(Decide(Usable, SeenIn("IR-23"))).Region);

    [Fact]
    public void an_observation_elsewhere_does_not_lock() =>
        Assert.Null(Decide(Usable, SeenIn("AE")));

    [Fact]
    public void a_device_already_locked_there_is_not_locked_again() =>
        Assert.Null(Decide(LockedIn("IR"), SeenIn("IR")));

    [Fact]
    public void a_device_locked_elsewhere_is_locked_here_too() =>
        Assert.IsType<DeviceLocked>(Decide(LockedIn("CU"), SeenIn("IR")));

    [Theory]
    [InlineData(WaiverBasis.Imei, Imei)]
    [InlineData(WaiverBasis.Tac, "49015420")]
    [InlineData(WaiverBasis.SalesMarket, "AE")]
    public void an_exemption_in_force_spares_the_device_and_says_which(WaiverBasis kind, string value)
    {
        var exemption = Exempt(kind, value);

        var waived = Assert.IsType<EnforcementWaived>(Decide(Usable, SeenIn("IR"), exemptions: [exemption]));

        Assert.Equal((kind, exemption.ExemptionId, exemption.Until, "IR"), (waived.Basis, waived.ExemptionId, waived.Until, waived.Region));
    }

    [Fact]
    public void an_exemption_for_another_model_market_or_region_or_expired_spares_nothing()
    {
        Exemption[] others = [Exempt(WaiverBasis.Tac, "35000000"), Exempt(WaiverBasis.SalesMarket, "DE"),
                              Exempt(WaiverBasis.Imei, Imei, region: "CU"), Exempt(WaiverBasis.Imei, Imei, days: 1)];

        Assert.IsType<DeviceLocked>(Decide(Usable, SeenIn("IR"), exemptions: others));
    }

    [Fact]
    public void a_device_whose_sim_is_from_elsewhere_is_spared_for_the_roaming_allowance_from_its_arrival()
    {
        var arrived = SeenIn("IR") with { HomeMcc = "424", HomeMnc = "02", ObservedAt = T };
        var device = Usable.Apply(arrived);
        var later = arrived with { ObservedAt = T.AddDays(13) };
        var afterAllowance = arrived with { ObservedAt = T.AddDays(15) };

        var waived = Assert.IsType<EnforcementWaived>(Decide(Usable, arrived));
        Assert.Equal((WaiverBasis.Roaming, (Guid?)null, T.AddDays(14)), (waived.Basis, waived.ExemptionId, waived.Until));
        Assert.IsType<EnforcementWaived>(Decide(device, later));
        Assert.IsType<DeviceLocked>(Decide(device, afterAllowance));
    }

    [Fact]
    public void a_sim_of_the_restricted_region_itself_is_not_roaming() =>
        Assert.IsType<DeviceLocked>(Decide(Usable, SeenIn("IR") with { HomeMcc = "432", HomeMnc = "11" }));

    [Fact]
    public void a_restriction_with_a_grace_period_warns_first_and_not_twice()
    {
        var graceful = new PolicyInForce(T, 4, [new Restriction("IR", "15 CFR 746", T, 2) { GracePeriodDays = 7 }]);

        var warned = Assert.IsType<DeviceWarned>(Decide(Usable, SeenIn("IR"), graceful));

        Assert.Equal(new DeviceWarned(Imei, LockId, "IR", 4, T.AddDays(1), T.AddDays(8), T.AddDays(2)), warned);
        Assert.Null(Decide(Usable.Apply(warned), SeenIn("IR") with { ObservedAt = T.AddDays(3) }, graceful));
    }

    [Fact]
    public void an_observation_is_decided_with_what_the_policy_of_its_own_time_calls_for()
    {
        var command = new Ledger.Devices.Observing.ObserveDevice("IR-23", "gps", null, null, T.AddDays(1));

        var (observed, locked) = Ledger.Devices.Observing.Observation.Decide(Usable, command, Iran, [], TimeSpan.Zero, LockId, T.AddDays(2));

        Assert.Equal(SeenIn("IR-23"), observed);
        Assert.Equal(new DeviceLocked(Imei, LockId, "IR", "restricted_region", 4, null, T.AddDays(2)), locked);
        Assert.Null(Ledger.Devices.Observing.Observation.Decide(Usable, command with { Region = "AE" }, Iran, [], TimeSpan.Zero, LockId, T).Outcome);
    }

    [Fact]
    public void the_region_is_derived_from_the_visited_network_when_not_given()
    {
        var command = new Ledger.Devices.Observing.ObserveDevice(null, "network_mcc", "250", "34", T.AddDays(1));

        Assert.Equal("UA-43", Ledger.Devices.Observing.Observation.Observed(Usable, command).Region);
    }

    [Fact]
    public void a_release_for_an_investigation_lifts_only_its_locks()
    {
        var device = LockedIn("IR", Investigation)
            .Apply(new DeviceLocked(Imei, Guid.NewGuid(), "CU", "r", 4, null, T));
        var release = new ReleaseDeviceLocks(Imei, UnlockReason.InvestigationClosed, Investigation, null, Officer);

        var unlocked = Assert.Single(Releasing.Decide(device, release, T.AddDays(30)));

        Assert.Equal(new DeviceUnlocked(Imei, LockId, UnlockReason.InvestigationClosed, null, Investigation, T.AddDays(30)), unlocked);
    }

    [Fact]
    public void a_release_for_a_lifted_region_leaves_locks_held_under_investigations()
    {
        var release = new ReleaseDeviceLocks(Imei, UnlockReason.PolicyLifted, null, "IR", Officer);

        Assert.Empty(Releasing.Decide(LockedIn("IR", Investigation), release, T));
        Assert.Single(Releasing.Decide(LockedIn("IR"), release, T));
        Assert.Empty(Releasing.Decide(LockedIn("CU"), release, T));
    }

    [Fact]
    public void a_release_handled_twice_unlocks_once()
    {
        var release = new ReleaseDeviceLocks(Imei, UnlockReason.PolicyLifted, null, "IR", Officer);
        var device = LockedIn("IR");
        var unlocked = Releasing.Decide(device, release, T).ToList();

        Assert.Empty(Releasing.Decide(unlocked.Aggregate(device, (d, e) => d.Apply(e)), release, T));
        Assert.Equal(ImmutableList<ActiveLock>.Empty, device.Apply(unlocked[0]).ActiveLocks);
    }
}
