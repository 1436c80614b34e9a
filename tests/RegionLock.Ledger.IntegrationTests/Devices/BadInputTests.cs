using System.Net;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices;

/// <summary>Every validation rule answers with a problem document naming the field, and appends nothing.</summary>
[Collection(LedgerCollection.Name)]
public sealed class BadInputTests(LedgerFixture ledger) : IAsyncLifetime
{
    private const string Device = "{imei}";
    private string _imei = "";

    public async Task InitializeAsync() => _imei = await new DeviceApi(ledger.Client).Register();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> InvalidRegistrations => new()
    {
        { """{"model":"X","salesMarket":"AE"}""", "imei", "missing IMEI" },
        { """{"imei":"49015420323751","model":"X","salesMarket":"AE"}""", "imei", "14 digits" },
        { """{"imei":"4901542032375180","model":"X","salesMarket":"AE"}""", "imei", "16 digits" },
        { """{"imei":"49015420323751X","model":"X","salesMarket":"AE"}""", "imei", "a letter" },
        { """{"imei":"490154203237519","model":"X","salesMarket":"AE"}""", "imei", "wrong check digit" },
        { """{"imei":"490154203237518","model":"","salesMarket":"AE"}""", "model", "empty model" },
        { $$"""{"imei":"490154203237518","model":"{{new string('m', 201)}}","salesMarket":"AE"}""", "model", "model too long" },
        { """{"imei":"490154203237518","model":"X\u0000","salesMarket":"AE"}""", "model", "control character" },
        { """{"imei":"490154203237518","model":"X","salesMarket":"XX"}""", "salesMarket", "unknown country" },
        { """{"imei":"490154203237518","model":"X","salesMarket":"UA-43"}""", "salesMarket", "a subdivision is no market" },
        { """{"imei":null,"model":null,"salesMarket":null}""", "imei", "nulls" },
    };

    [Theory, MemberData(nameof(InvalidRegistrations))]
    public Task registration_is_refused(string body, string field, string because) =>
        AssertRefused("/api/devices", body, field, because);

    public static TheoryData<string, string, string> InvalidObservations => new()
    {
        { """{"region":"XX","signal":"gps","observedAt":"2021-09-15T00:00:00Z"}""", "region", "unknown region" },
        { """{"region":"ir","signal":"gps","observedAt":"2021-09-15T00:00:00Z"}""", "region", "lower case" },
        { """{"region":"UA-99","signal":"gps","observedAt":"2021-09-15T00:00:00Z"}""", "region", "unknown subdivision" },
        { """{"signal":"gps","observedAt":"2021-09-15T00:00:00Z"}""", "region", "missing region" },
        { """{"region":"IR","signal":"radio","observedAt":"2021-09-15T00:00:00Z"}""", "signal", "unknown signal" },
        { """{"region":"IR","signal":"gps","observedAt":"2999-01-01T00:00:00Z"}""", "observedAt", "future" },
        { """{"region":"IR","signal":"gps"}""", "observedAt", "missing time" },
        { """{"region":"IR","signal":"sim_mcc","mcc":"43","observedAt":"2021-09-15T00:00:00Z"}""", "mcc", "two-digit MCC" },
        { """{"region":"IR","signal":"sim_mcc","mcc":"000","observedAt":"2021-09-15T00:00:00Z"}""", "mcc", "unassigned MCC" },
        { """{"region":"IR","signal":"sim_mcc","mcc":"368","observedAt":"2021-09-15T00:00:00Z"}""", "mcc", "Cuba's MCC in Iran" },
        { """{"region":"SD","signal":"sim_mcc","mcc":"659","observedAt":"2021-09-15T00:00:00Z"}""", "mcc", "South Sudan's MCC in Sudan" },
        { """{"region":"UA-43","signal":"network_mcc","mcc":"250","observedAt":"2021-09-15T00:00:00Z"}""", "mcc", "Russia's MCC alone is no evidence of Crimea" },
        { """{"region":"RU","signal":"network_mcc","mcc":"250","mnc":"32","observedAt":"2021-09-15T00:00:00Z"}""", "mcc", "a Crimean network is not Russia" },
        { """{"region":"IR","signal":"sim_mcc","mnc":"11","observedAt":"2021-09-15T00:00:00Z"}""", "mnc", "MNC without MCC" },
        { """{"region":"IR","signal":"sim_mcc","mcc":"432","mnc":"1","observedAt":"2021-09-15T00:00:00Z"}""", "mnc", "one-digit MNC" },
    };

    [Theory, MemberData(nameof(InvalidObservations))]
    public Task observation_is_refused(string body, string field, string because) =>
        AssertRefused($"/api/devices/{Device}/observations", body, field, because);

    public static TheoryData<string, string, string> InvalidLocks => new()
    {
        { """{"region":"XX","reason":"r"}""", "region", "unknown region" },
        { """{"region":"IR","reason":""}""", "reason", "empty reason" },
        { $$"""{"region":"IR","reason":"{{new string('r', 501)}}"}""", "reason", "reason too long" },
        { """{"region":"IR","reason":"r","investigationId":"00000000-0000-0000-0000-000000000000"}""", "investigationId", "empty id" },
    };

    [Theory, MemberData(nameof(InvalidLocks))]
    public Task lock_is_refused(string body, string field, string because) =>
        AssertRefused($"/api/devices/{Device}/locks", body, field, because);

    [Theory]
    [InlineData("""{"reason":"because"}""")]
    [InlineData("""{"reason":""}""")]
    [InlineData("""{}""")]
    public Task unlock_with_a_reason_outside_the_list_is_refused(string body) =>
        AssertRefused($"/api/devices/{Device}/locks/{Guid.NewGuid()}/unlock", body, "reason", "reason code");

    [Theory]
    [InlineData("/api/devices", """{"imei":""")]
    [InlineData("/api/devices", "")]
    [InlineData("/api/devices", "null")]
    [InlineData("/api/devices", "[]")]
    [InlineData("/api/devices", """{"imei":490154203237518,"model":"X","salesMarket":"AE"}""")]
    [InlineData("/api/devices/{imei}/observations", """{"region":"IR","signal":"gps","observedAt":"yesterday"}""")]
    [InlineData("/api/devices/{imei}/observations", """{"region":"IR","signal":"gps","observedAt":"2021-02-30T00:00:00Z"}""")]
    [InlineData("/api/devices/{imei}/locks", """{"region":"IR","reason":"r","investigationId":"not-a-guid"}""")]
    [InlineData("/api/devices/{imei}/locks", "\"just a string\"")]
    public async Task malformed_json_is_a_400_problem(string url, string body)
    {
        await ledger.Refuses(HttpStatusCode.BadRequest, () =>
            ledger.Client.PostRaw(url.Replace(Device, _imei), body));
    }

    [Theory]
    [InlineData("/api/devices/490154203237519")]
    [InlineData("/api/devices/12345/history")]
    [InlineData("/api/devices/49015420323751x")]
    public async Task an_invalid_imei_in_the_route_is_a_400_problem(string url)
    {
        var problem = await (await ledger.Client.GetAsync(url)).Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("imei", out _));
    }

    [Fact]
    public async Task an_invalid_imei_in_a_write_route_is_a_400_problem_and_appends_nothing()
    {
        await ledger.Refuses(HttpStatusCode.BadRequest, () =>
            ledger.Client.Post("/api/devices/490154203237519/locks", new { region = "IR", reason = "r" }));
    }

    [Theory]
    [InlineData("/api/devices/{unknown}")]
    [InlineData("/api/devices/{unknown}/history")]
    public async Task an_unknown_device_is_a_404_problem(string url)
    {
        var response = await ledger.Client.GetAsync(url.Replace("{unknown}", TestImei.Next()));
        await response.Problem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/devices/{unknown}/observations", """{"region":"IR","signal":"gps","observedAt":"2021-09-15T00:00:00Z"}""")]
    [InlineData("/api/devices/{unknown}/locks", """{"region":"IR","reason":"r"}""")]
    [InlineData("/api/devices/{unknown}/locks/0193a1b2-0000-7000-8000-000000000000/unlock", """{"reason":"error_correction"}""")]
    public async Task a_write_to_an_unknown_device_is_a_404_problem_and_appends_nothing(string url, string body)
    {
        await ledger.Refuses(HttpStatusCode.NotFound, () =>
            ledger.Client.PostRaw(url.Replace("{unknown}", TestImei.Next()), body));
    }

    [Fact]
    public async Task registering_an_imei_twice_is_a_409_problem_and_appends_nothing()
    {
        await ledger.Refuses(HttpStatusCode.Conflict, () =>
            ledger.Client.Post("/api/devices", new { imei = _imei, model = "X", salesMarket = "DE" }));
    }

    [Fact]
    public async Task locking_a_region_already_locked_is_a_409_problem_and_appends_nothing()
    {
        await new DeviceApi(ledger.Client).Lock(_imei, "KP");
        var problem = await ledger.Refuses(HttpStatusCode.Conflict, () =>
            ledger.Client.Post($"/api/devices/{_imei}/locks", new { region = "KP", reason = "again" }));

        Assert.Contains("already locked in KP", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task unlocking_a_lock_the_device_does_not_hold_is_a_409_problem()
    {
        await ledger.Refuses(HttpStatusCode.Conflict, () =>
            ledger.Client.Post($"/api/devices/{_imei}/locks/{Guid.NewGuid()}/unlock", new { reason = "error_correction" }));
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_a_415_problem()
    {
        var response = await ledger.Client.PostAsync("/api/devices", new StringContent("imei=1", null, "text/plain"));
        await response.Problem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task an_unparseable_as_of_is_a_400_problem()
    {
        var response = await ledger.Client.GetAsync($"/api/devices/{_imei}/history?asOf=yesterday");
        await response.Problem(HttpStatusCode.BadRequest);
    }

    // The case's description is in the theory's data, where a failing case names it.
    private Task AssertRefused(string url, string body, string field, string _) =>
        ledger.RefusesInvalid(url.Replace(Device, _imei), body, field);
}
