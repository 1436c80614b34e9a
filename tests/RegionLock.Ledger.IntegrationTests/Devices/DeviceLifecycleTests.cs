using System.Net;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Reading;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices;

[Collection(LedgerCollection.Name)]
public sealed class DeviceLifecycleTests(LedgerFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);

    [Fact]
    public async Task registered_device_is_usable_at_version_1()
    {
        var imei = TestImei.Next();
        var response = await ledger.Client.Post("/api/devices", new { imei, model = "Phone 12", salesMarket = "AE" });

        var written = await response.Read<DeviceWritten>(HttpStatusCode.Created);
        Assert.Equal(new DeviceWritten(imei, 1), written);
        Assert.Equal($"/api/devices/{imei}", response.Headers.Location?.ToString());

        var state = await _devices.State(imei);
        Assert.Equal((imei, "Phone 12", "AE", DeviceState.Usable, 1L),
                     (state.Imei, state.Model, state.SalesMarket, state.Status, state.Version));
        Assert.Empty(state.ActiveLocks);
        Assert.Null(state.LastRegion);
    }

    [Fact]
    public async Task get_answers_the_version_as_an_etag()
    {
        var imei = await _devices.Register();

        var response = await ledger.Client.GetAsync($"/api/devices/{imei}");

        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task observation_sets_the_last_region()
    {
        var imei = await _devices.Register();

        var written = await _devices.Observe(imei, "UA-43", DeviceApi.Incident);

        Assert.Equal(2, written.Version);
        var state = await _devices.State(imei);
        Assert.Equal("UA-43", state.LastRegion);
        Assert.Equal(DeviceApi.Incident, state.LastObservedAt);
        Assert.Equal(DeviceState.Usable, state.Status);
    }

    [Fact]
    public async Task observation_with_a_network_code_of_the_region_is_accepted()
    {
        var imei = await _devices.Register();

        var response = await ledger.Client.Post($"/api/devices/{imei}/observations",
            new { region = "UA-43", signal = "network_mcc", mcc = "250", mnc = "34", observedAt = DeviceApi.Incident });

        Assert.Equal(2, (await response.Read<DeviceWritten>()).Version);
    }

    [Fact]
    public async Task lock_makes_the_device_locked_with_the_lock_listed()
    {
        var imei = await _devices.Register();

        var placed = await _devices.Lock(imei, "IR", "activated in Iran");

        Assert.Equal(2, placed.Version);
        var state = await _devices.State(imei);
        Assert.Equal(DeviceState.Locked, state.Status);
        var active = Assert.Single(state.ActiveLocks);
        Assert.Equal((placed.LockId, "IR", "activated in Iran"), (active.LockId, active.Region, active.Reason));
    }

    [Fact]
    public async Task a_device_holds_several_locks_and_is_usable_only_when_all_are_lifted()
    {
        var imei = await _devices.Register();
        var iran = await _devices.Lock(imei, "IR");
        var cuba = await _devices.Lock(imei, "CU");
        Assert.Equal(2, (await _devices.State(imei)).ActiveLocks.Count);

        await _devices.Unlock(imei, iran.LockId);
        var afterOne = await _devices.State(imei);
        Assert.Equal(DeviceState.Locked, afterOne.Status);
        Assert.Equal(cuba.LockId, Assert.Single(afterOne.ActiveLocks).LockId);

        var written = await _devices.Unlock(imei, cuba.LockId);
        Assert.Equal(5, written.Version);
        var afterBoth = await _devices.State(imei);
        Assert.Equal(DeviceState.Usable, afterBoth.Status);
        Assert.Empty(afterBoth.ActiveLocks);
    }

    [Fact]
    public async Task the_same_region_can_be_locked_again_after_its_lock_was_lifted()
    {
        var imei = await _devices.Register();
        var first = await _devices.Lock(imei, "SY");
        await _devices.Unlock(imei, first.LockId);

        var second = await _devices.Lock(imei, "SY");

        Assert.NotEqual(first.LockId, second.LockId);
        Assert.Equal(DeviceState.Locked, (await _devices.State(imei)).Status);
    }

    [Fact]
    public async Task health_and_the_api_description_are_served()
    {
        var health = await (await ledger.Client.GetAsync("/health")).Read<System.Text.Json.JsonElement>();
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Contains(health.GetProperty("checks").EnumerateArray(), check => check.GetProperty("name").GetString() == "integrity-refused");
        Assert.Equal(HttpStatusCode.OK, (await ledger.Client.GetAsync("/health/ready")).StatusCode);
        var openApi = await (await ledger.Client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        Assert.Contains("/api/devices/{imei}/locks/{lockId}/unlock", openApi);
    }
}
