using System.Net;
using System.Text.Json;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Reading;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices.Enforcing;

/// <summary>Observations judged by the policy in force at their own time lock the device, once.</summary>
[Collection(IncidentCollection.Name)]
public sealed class EnforcementTests(IncidentFixture ledger)
{
    private static readonly DateTimeOffset T = IncidentFixture.Restricted;
    private readonly DeviceApi _devices = new(ledger.Client);

    private async Task<DeviceState> ObserveAndSettle(string imei, string region, DateTimeOffset observedAt,
                                                     string? mcc = null, string? mnc = null)
    {
        await ledger.Settled(client => client.Post($"/api/devices/{imei}/observations",
            new { region, signal = mcc is null ? "gps" : "network_mcc", mcc, mnc, observedAt }));
        return await _devices.State(imei);
    }

    [Fact]
    public async Task an_observation_before_the_restriction_does_not_lock()
    {
        var imei = await _devices.Register();

        var state = await ObserveAndSettle(imei, "IR", T.AddSeconds(-1));

        Assert.Equal(DeviceState.Usable, state.Status);
    }

    [Theory]
    [InlineData("IR", 0, 6)]
    [InlineData("CU", 0, 6)]
    [InlineData("SY", 1, 6)]
    [InlineData("UA-43", 10, 6)]
    [InlineData("SD", 59, 6)]
    [InlineData("KP", 400, 7)] // by then Sudan's lift is version 7
    public async Task an_observation_at_or_after_the_restriction_locks_the_device_there(string region, int daysAfter,
                                                                                        int policyVersion)
    {
        var imei = await _devices.Register();

        var state = await ObserveAndSettle(imei, region, T.AddDays(daysAfter));

        Assert.Equal(DeviceState.Locked, state.Status);
        var active = Assert.Single(state.ActiveLocks);
        Assert.Equal((region, "restricted_region"), (active.Region, active.Reason));
        Assert.Equal(policyVersion, active.PolicyVersion);
    }

    [Fact]
    public async Task a_late_observation_is_judged_by_the_policy_of_its_own_time()
    {
        var beforeLift = await _devices.Register();
        var afterLift = await _devices.Register();

        // Both recorded today, long after Sudan's restriction was lifted (effective SudanLifted).
        var lockedState = await ObserveAndSettle(beforeLift, "SD", IncidentFixture.SudanLifted.AddDays(-1));
        var usableState = await ObserveAndSettle(afterLift, "SD", IncidentFixture.SudanLifted.AddDays(1));

        Assert.Equal(DeviceState.Locked, lockedState.Status);
        Assert.Equal(6, lockedState.ActiveLocks[0].PolicyVersion);
        Assert.Equal(DeviceState.Usable, usableState.Status);
    }

    [Fact]
    public async Task a_repeated_observation_adds_no_second_lock()
    {
        var imei = await _devices.Register();
        await ObserveAndSettle(imei, "SY", T.AddDays(1));

        var state = await ObserveAndSettle(imei, "SY", T.AddDays(2));

        Assert.Single(state.ActiveLocks);
        Assert.Equal(3 + 1, state.Version); // registered, two observations, one lock
    }

    [Fact]
    public async Task simultaneous_observations_lock_once()
    {
        var imei = await _devices.Register();

        await ledger.Settled(async client =>
        {
            var all = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.Post($"/api/devices/{imei}/observations",
                new { region = "KP", signal = "gps", observedAt = T.AddHours(i + 1) })));
            return all[0];
        });

        Assert.Single((await _devices.State(imei)).ActiveLocks);
    }

    [Fact]
    public async Task a_subdivision_of_a_restricted_country_locks_in_the_country()
    {
        var imei = await _devices.Register();

        var state = await ObserveAndSettle(imei, "IR-23", T.AddDays(3), mcc: "432");

        Assert.Equal("IR", Assert.Single(state.ActiveLocks).Region);
    }

    [Fact]
    public async Task the_country_of_a_restricted_subdivision_is_not_restricted()
    {
        var inUkraine = await _devices.Register();
        var inCrimea = await _devices.Register();

        Assert.Equal(DeviceState.Usable, (await ObserveAndSettle(inUkraine, "UA", T.AddDays(3))).Status);
        Assert.Equal("UA-43",
            Assert.Single((await ObserveAndSettle(inCrimea, "UA-43", T.AddDays(3), mcc: "250", mnc: "34")).ActiveLocks).Region);
    }

    [Fact]
    public async Task the_lock_is_its_own_event_caused_by_the_observation()
    {
        var imei = await _devices.Register();
        await ledger.Settled(client => client.Post($"/api/devices/{imei}/observations",
            new { region = "CU", signal = "gps", observedAt = T.AddDays(5) }, ("X-Correlation-Id", "pipeline-run-7")));

        var events = (await _devices.History(imei)).GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(["device_registered", "device_observed", "device_locked"], events.Select(e => e.GetProperty("type").GetString()));
        var observed = await ObservationEventId(imei);
        var locked = events[2];
        Assert.Equal(observed.ToString(), locked.GetProperty("causationId").GetString());
        Assert.Equal("pipeline-run-7", locked.GetProperty("correlationId").GetString());
        Assert.Equal("regionlock-ledger", locked.GetProperty("principal").GetString());
        Assert.Equal("enforcement", locked.GetProperty("role").GetString());
        Assert.Equal(6, locked.GetProperty("data").GetProperty("policyVersion").GetInt32());
    }

    [Fact]
    public async Task a_manual_lock_names_the_policy_version_in_force()
    {
        var imei = await _devices.Register();
        var inForce = (await (await ledger.Client.GetAsync("/api/policy")).Read<JsonElement>()).GetProperty("version").GetInt32();

        await _devices.Lock(imei, "SY");

        Assert.True(inForce >= 7, $"policy version {inForce}"); // six restrictions and Sudan's lift, at least
        Assert.Equal(inForce, (await _devices.State(imei)).ActiveLocks[0].PolicyVersion);
    }

    private async Task<Guid> ObservationEventId(string imei)
    {
        await using var session = ledger.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(imei);
        return events.Single(e => e.Data is DeviceObserved).Id;
    }
}
