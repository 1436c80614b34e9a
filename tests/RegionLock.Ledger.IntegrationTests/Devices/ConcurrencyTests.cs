using System.Net;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices;

/// <summary>If-Match with the stream version, and idempotent retries with an Idempotency-Key.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ConcurrencyTests(LedgerFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);

    private static object Observation(string region = "IR") =>
        new { region, signal = "sim_mcc", mcc = region == "IR" ? "432" : null, observedAt = DeviceApi.Incident };

    [Fact]
    public async Task a_write_with_the_current_version_applies()
    {
        var imei = await _devices.Register();

        var response = await ledger.Client.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "r" },
                                                ("If-Match", "\"1\""));

        Assert.Equal(2, (await response.Read<LockPlaced>(HttpStatusCode.Created)).Version);
    }

    [Theory]
    [InlineData("/api/devices/{imei}/observations")]
    [InlineData("/api/devices/{imei}/locks")]
    [InlineData("/api/devices/{imei}/locks/{lockId}/unlock")]
    public async Task a_stale_version_is_a_412_problem_and_appends_nothing(string route)
    {
        var imei = await _devices.Register();
        var placed = await _devices.Lock(imei, "CU");
        object body = route.EndsWith("unlock") ? new { reason = "error_correction" }
            : route.EndsWith("locks") ? new { region = "SY", reason = "r" } : Observation();
        var problem = await ledger.Refuses(HttpStatusCode.PreconditionFailed, () =>
            ledger.Client.Post(route.Replace("{imei}", imei).Replace("{lockId}", placed.LockId.ToString()),
                               body, ("If-Match", "\"1\"")));

        Assert.Contains("current version \"2\"", problem.GetProperty("detail").GetString());
        Assert.Equal(2, (await _devices.State(imei)).Version);
    }

    [Theory]
    [InlineData("W/\"2\"")]
    [InlineData("W/\"1\", \"7\"")]
    public async Task a_weak_tag_never_matches_if_match_compares_strongly(string ifMatch)
    {
        var imei = await _devices.Register();
        await _devices.Lock(imei, "CU");

        await ledger.Refuses(HttpStatusCode.PreconditionFailed, () =>
            ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), ("If-Match", ifMatch)));
    }

    [Theory]
    [InlineData("\"7\", \"2\"")]
    [InlineData("*")]
    public async Task any_listed_strong_tag_or_a_star_matches(string ifMatch)
    {
        var imei = await _devices.Register();
        await _devices.Lock(imei, "CU");

        await (await ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), ("If-Match", ifMatch))).Read<DeviceWritten>();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\"-1\"")]
    [InlineData("\"1.5\"")]
    [InlineData("1")]
    public async Task an_if_match_that_is_no_version_is_a_400_problem(string ifMatch)
    {
        var imei = await _devices.Register();
        await ledger.Refuses(HttpStatusCode.BadRequest, () =>
            ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), ("If-Match", ifMatch)));
    }

    [Fact]
    public async Task fifty_concurrent_writers_with_the_same_version_one_wins_the_rest_are_refused()
    {
        var imei = await _devices.Register();
        var before = await ledger.CountEvents();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), ("If-Match", "\"1\"")))));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(2, (await winner.Read<DeviceWritten>()).Version);
        // 412 for a version already stale when it was checked, 409 for a race lost between the check and the commit.
        foreach (var refused in responses.Where(r => r != winner))
            await refused.Problem(refused.StatusCode == HttpStatusCode.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.PreconditionFailed);
        Assert.Equal(before + 1, await ledger.CountEvents());
        var history = (await _devices.History(imei)).GetProperty("events");
        Assert.Equal(["device_registered", "device_observed"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(2, (await _devices.State(imei)).Version);
    }

    [Fact]
    public async Task a_retried_idempotency_key_appends_once_and_replays_the_first_answer()
    {
        var imei = await _devices.Register();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var before = await ledger.CountEvents();

        var first = await ledger.Client.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "r" }, key);
        var retry = await ledger.Client.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "r" }, key);

        var placed = await first.Read<LockPlaced>(HttpStatusCode.Created);
        Assert.Equal(placed, await retry.Read<LockPlaced>(HttpStatusCode.Created));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before + 1, await ledger.CountEvents());
        Assert.Single((await _devices.State(imei)).ActiveLocks);
    }

    [Fact]
    public async Task a_retried_registration_appends_once()
    {
        var imei = TestImei.Next();
        var key = ("Idempotency-Key", "register-" + imei);
        var body = new { imei, model = "X", salesMarket = "AE" };

        var first = await ledger.Client.Post("/api/devices", body, key);
        var retry = await ledger.Client.Post("/api/devices", body, key);

        Assert.Equal(await first.Read<DeviceWritten>(HttpStatusCode.Created),
                     await retry.Read<DeviceWritten>(HttpStatusCode.Created));
        Assert.Equal(1, (await _devices.State(imei)).Version);
    }

    [Fact]
    public async Task concurrent_retries_of_one_key_append_once()
    {
        var imei = await _devices.Register();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var before = await ledger.CountEvents();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), key)));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Equal(before + 1, await ledger.CountEvents());
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_a_422_problem_and_appends_nothing()
    {
        var imei = await _devices.Register();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        await (await ledger.Client.Post($"/api/devices/{imei}/observations", Observation("IR"), key)).Read<DeviceWritten>();
        var problem = await ledger.Refuses(HttpStatusCode.UnprocessableEntity, () =>
            ledger.Client.Post($"/api/devices/{imei}/observations", Observation("CU"), key));

        Assert.Contains("different request", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_refused_request_does_not_use_up_its_key()
    {
        var imei = await _devices.Register();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        await (await ledger.Client.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "r" },
                                        key, ("If-Match", "\"7\""))).Problem(HttpStatusCode.PreconditionFailed);

        var retry = await ledger.Client.Post($"/api/devices/{imei}/locks", new { region = "IR", reason = "r" },
                                             key, ("If-Match", "\"1\""));

        await retry.Read<LockPlaced>(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("a key with spaces")]
    [InlineData("ключ")]
    public async Task a_key_that_is_not_visible_ascii_is_a_400_problem(string key)
    {
        var imei = await _devices.Register();
        await ledger.Refuses(HttpStatusCode.BadRequest, () =>
            ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), ("Idempotency-Key", key)));
    }

    [Fact]
    public async Task the_key_is_recorded_in_the_events_metadata()
    {
        var imei = await _devices.Register();
        var key = Guid.NewGuid().ToString();

        await (await ledger.Client.Post($"/api/devices/{imei}/observations", Observation(), ("Idempotency-Key", key)))
            .Read<DeviceWritten>();

        var events = (await _devices.History(imei)).GetProperty("events");
        Assert.Equal(key, events[1].GetProperty("idempotencyKey").GetString());
    }
}
