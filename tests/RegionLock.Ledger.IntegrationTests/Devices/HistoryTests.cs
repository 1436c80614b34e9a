using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices;

[Collection(LedgerCollection.Name)]
public sealed class HistoryTests(LedgerFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);

    [Fact]
    public async Task history_lists_every_event_with_its_metadata()
    {
        var imei = await _devices.Register();
        var placed = await _devices.Lock(imei, "SY", "activated in Syria");
        await _devices.Unlock(imei, placed.LockId, "error_correction");

        var events = (await _devices.History(imei)).GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(["device_registered", "device_locked", "device_unlocked"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("version").GetInt64()));
        // Recorded in the role each endpoint admitted the caller under (the first of its roles the token holds).
        Assert.Equal(["enforcement", "enforcement", "compliance"], events.Select(e => e.GetProperty("role").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal(Tokens.Officer, e.GetProperty("principal").GetString());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("correlationId").GetString()));
            Assert.StartsWith("POST /api/devices", e.GetProperty("causationId").GetString());
            Assert.True(e.GetProperty("sequence").GetInt64() > 0);
            Assert.True(e.GetProperty("effectiveAt").GetDateTimeOffset() <= e.GetProperty("recordedAt").GetDateTimeOffset());
        });
        Assert.Equal("activated in Syria", events[1].GetProperty("reason").GetString());
        Assert.Equal("error_correction", events[2].GetProperty("reason").GetString());
        Assert.Equal(placed.LockId, events[2].GetProperty("data").GetProperty("lockId").GetGuid());
    }

    [Fact]
    public async Task the_correlation_id_of_the_caller_is_kept()
    {
        var imei = await _devices.Register();

        await ledger.Client.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "r" },
                                 ("X-Correlation-Id", "pipeline-run-42"));

        var events = (await _devices.History(imei)).GetProperty("events");
        Assert.Equal("pipeline-run-42", events[1].GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task the_effective_time_of_an_observation_is_its_observed_at()
    {
        var imei = await _devices.Register();
        await _devices.Observe(imei, "CU", DeviceApi.Incident);

        var observed = (await _devices.History(imei)).GetProperty("events")[1];

        Assert.Equal(DeviceApi.Incident, observed.GetProperty("effectiveAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task as_of_gives_the_state_as_it_stood_at_each_instant()
    {
        var imei = await _devices.Register();
        var iran = await _devices.Lock(imei, "IR");
        await _devices.Lock(imei, "CU");
        await _devices.Unlock(imei, iran.LockId);
        var recorded = (await _devices.History(imei)).GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("recordedAt").GetDateTimeOffset()).ToList();

        var afterRegistration = await AsOf(imei, recorded[0]);
        var afterBothLocks = await AsOf(imei, recorded[2]);
        var afterUnlock = await AsOf(imei, recorded[3]);

        Assert.Equal(("usable", 1, 0), Summary(afterRegistration));
        Assert.Equal(("locked", 3, 2), Summary(afterBothLocks));
        Assert.Equal(("locked", 4, 1), Summary(afterUnlock));
        Assert.Equal("CU", afterUnlock.GetProperty("state").GetProperty("activeLocks")[0].GetProperty("region").GetString());
        Assert.Equal(3, afterBothLocks.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task as_of_before_the_device_was_registered_has_no_state_and_no_events()
    {
        var imei = await _devices.Register();

        var before = await AsOf(imei, DeviceApi.Incident);

        Assert.Equal(JsonValueKind.Null, before.GetProperty("state").ValueKind);
        Assert.Equal(0, before.GetProperty("events").GetArrayLength());
    }

    private Task<JsonElement> AsOf(string imei, DateTimeOffset instant) =>
        _devices.History(imei, $"?asOf={Uri.EscapeDataString(instant.ToString("O"))}");

    private static (string, long, int) Summary(JsonElement history)
    {
        var state = history.GetProperty("state");
        return (state.GetProperty("status").GetString()!, state.GetProperty("version").GetInt64(),
                state.GetProperty("activeLocks").GetArrayLength());
    }
}
