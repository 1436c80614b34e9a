using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Locking;
using RegionLock.Ledger.Devices.Observing;
using RegionLock.Ledger.Devices.Registering;
using RegionLock.Ledger.Devices.Unlocking;
using RegionLock.Ledger.Infrastructure.Problems;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.Tests.Devices;

/// <summary>Given events, when a command, then events: the device decisions without a database.</summary>
public class DeviceLifecycleTests
{
    private const string Imei = "490154203237518";
    private static readonly DateTimeOffset T0 = new(2021, 9, 15, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid FirstLock = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid SecondLock = Guid.Parse("00000000-0000-0000-0000-000000000002");

    private static Device Given(params object[] events)
    {
        var device = Device.Create((DeviceRegistered)events[0]);
        foreach (var e in events.Skip(1))
        {
            device = e switch
            {
                DeviceObserved observed => device.Apply(observed),
                DeviceLocked locked => device.Apply(locked),
                DeviceUnlocked unlocked => device.Apply(unlocked),
                _ => throw new ArgumentException($"no Apply for {e.GetType().Name}"),
            };
        }
        return device;
    }

    private static readonly PolicyInForce PolicyV1 = new(T0, 1, []);

    private static readonly DeviceRegistered Registered = new(Imei, "Phone 12", "AE", T0);

    private static DeviceLocked LockedIn(string region, Guid lockId) =>
        new(Imei, lockId, region, "seen in " + region, 1, null, T0.AddHours(1));

    [Fact]
    public void registering_starts_a_usable_device()
    {
        var registered = Registration.Decide(new RegisterDevice(Imei, "Phone 12", "AE"), T0);

        Assert.Equal(Registered, registered);
        var device = Given(registered);
        Assert.True(device.IsUsable);
        Assert.Empty(device.ActiveLocks);
    }

    [Fact]
    public void observation_is_recorded_with_its_own_time()
    {
        var command = new ObserveDevice("IR", "sim_mcc", "432", null, T0.AddDays(-2));

        var observed = Observation.Observed(Given(Registered), command);

        Assert.Equal(new DeviceObserved(Imei, "IR", ObservationSignal.SimMcc, "432", null, T0.AddDays(-2)), observed);
    }

    [Fact]
    public void a_late_observation_does_not_move_the_last_region_back()
    {
        var device = Given(Registered,
            new DeviceObserved(Imei, "CU", ObservationSignal.Gps, null, null, T0.AddDays(2)),
            new DeviceObserved(Imei, "IR", ObservationSignal.Gps, null, null, T0.AddDays(1)));

        Assert.Equal("CU", device.LastRegion);
        Assert.Equal(T0.AddDays(2), device.LastObservedAt);
    }

    [Fact]
    public void locking_adds_an_active_lock_and_makes_the_device_unusable()
    {
        var locked = Locking.Decide(Given(Registered), new LockDevice("IR", "seen in IR", null), FirstLock, PolicyV1,
                                    null, T0.AddHours(1));

        Assert.Equal(LockedIn("IR", FirstLock), locked);
        var device = Given(Registered, locked);
        Assert.False(device.IsUsable);
        Assert.Equal(FirstLock, Assert.Single(device.ActiveLocks).LockId);
    }

    [Fact]
    public void a_device_can_hold_locks_in_several_regions()
    {
        var device = Given(Registered, LockedIn("IR", FirstLock));

        var second = Locking.Decide(device, new LockDevice("CU", "seen in CU", null), SecondLock, PolicyV1, null, T0);

        Assert.Equal(2, Given(Registered, LockedIn("IR", FirstLock), second).ActiveLocks.Count);
    }

    [Fact]
    public void locking_again_in_a_region_already_locked_is_a_conflict()
    {
        var device = Given(Registered, LockedIn("IR", FirstLock));

        var conflict = Assert.Throws<DomainConflict>(() =>
            Locking.Decide(device, new LockDevice("IR", "again", null), SecondLock, PolicyV1, null, T0));
        Assert.Contains("already locked in IR", conflict.Message);
    }

    [Fact]
    public void unlocking_lifts_only_the_named_lock()
    {
        var device = Given(Registered, LockedIn("IR", FirstLock), LockedIn("CU", SecondLock));

        var unlocked = Unlocking.Decide(device, FirstLock, new UnlockDevice("error_correction"), T0.AddDays(3));

        Assert.Equal(new DeviceUnlocked(Imei, FirstLock, UnlockReason.ErrorCorrection, null, null, T0.AddDays(3)), unlocked);
        var after = Given(Registered, LockedIn("IR", FirstLock), LockedIn("CU", SecondLock), unlocked);
        Assert.Equal("CU", Assert.Single(after.ActiveLocks).Region);
        Assert.False(after.IsUsable);
    }

    [Fact]
    public void lifting_the_last_lock_makes_the_device_usable_again()
    {
        var unlocked = new DeviceUnlocked(Imei, FirstLock, UnlockReason.ErrorCorrection, null, null, T0.AddDays(1));

        Assert.True(Given(Registered, LockedIn("IR", FirstLock), unlocked).IsUsable);
    }

    [Fact]
    public void unlock_keeps_the_investigation_of_the_lock()
    {
        var investigation = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
        var device = Given(Registered, LockedIn("IR", FirstLock) with { InvestigationId = investigation });

        var unlocked = Unlocking.Decide(device, FirstLock, new UnlockDevice("investigation_closed"), T0);

        Assert.Equal(investigation, unlocked.InvestigationId);
    }

    [Fact]
    public void unlocking_a_lock_that_is_not_active_is_a_conflict()
    {
        var lifted = new DeviceUnlocked(Imei, FirstLock, UnlockReason.ErrorCorrection, null, null, T0.AddDays(1));
        var device = Given(Registered, LockedIn("IR", FirstLock), lifted);

        Assert.Throws<DomainConflict>(() =>
            Unlocking.Decide(device, FirstLock, new UnlockDevice("error_correction"), T0));
        Assert.Throws<DomainConflict>(() =>
            Unlocking.Decide(device, SecondLock, new UnlockDevice("error_correction"), T0));
    }
}
