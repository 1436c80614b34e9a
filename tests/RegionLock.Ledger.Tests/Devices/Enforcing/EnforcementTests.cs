using System.Collections.Immutable;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Devices.Releasing;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Policy;

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

    [Fact]
    public void an_observation_in_a_restricted_region_locks_there_naming_the_policy_version()
    {
        var locked = Enforcement.Decide(Usable, SeenIn("IR"), Iran, ["IR"], LockId, T.AddDays(2));

        Assert.Equal(new DeviceLocked(Imei, LockId, "IR", "restricted_region", 4, null, T.AddDays(2)), locked);
    }

    [Fact]
    public void an_observation_in_a_subdivision_locks_in_the_restricted_country() =>
        Assert.Equal("IR", Enforcement.Decide(Usable, SeenIn("IR-23"), Iran, ["IR-23", "IR"], LockId, T)?.Region);

    [Fact]
    public void an_observation_elsewhere_does_not_lock() =>
        Assert.Null(Enforcement.Decide(Usable, SeenIn("AE"), Iran, ["AE"], LockId, T));

    [Fact]
    public void a_device_already_locked_there_is_not_locked_again() =>
        Assert.Null(Enforcement.Decide(LockedIn("IR"), SeenIn("IR"), Iran, ["IR"], Guid.NewGuid(), T));

    [Fact]
    public void a_device_locked_elsewhere_is_locked_here_too() =>
        Assert.NotNull(Enforcement.Decide(LockedIn("CU"), SeenIn("IR"), Iran, ["IR"], Guid.NewGuid(), T));

    [Fact]
    public void an_observation_is_decided_with_the_lock_the_policy_of_its_own_time_calls_for()
    {
        var command = new Ledger.Devices.Observing.ObserveDevice("IR-23", "gps", null, null, T.AddDays(1));

        var (observed, locked) = Ledger.Devices.Observing.Observation.Decide(Usable, command, Iran, LockId, T.AddDays(2));

        Assert.Equal(SeenIn("IR-23"), observed);
        Assert.Equal(new DeviceLocked(Imei, LockId, "IR", "restricted_region", 4, null, T.AddDays(2)), locked);
        Assert.Null(Ledger.Devices.Observing.Observation.Decide(Usable, command with { Region = "AE" }, Iran, LockId, T).Locked);
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
