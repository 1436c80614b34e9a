using System.Net;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure;

[Collection(LedgerCollection.Name)]
public sealed class LimitTests(LedgerFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);

    private static object NewDevice() => new { imei = TestImei.Next(), model = "Phone 12", salesMarket = "AE" };

    [Fact]
    public async Task writes_beyond_a_principals_rate_are_429_problems_that_record_nothing()
    {
        await using var service = await LedgerFixture.StartService(ledger.ConnectionString,
            ("Limits:WritesPerSecondPerPrincipal", "1"), ("Limits:WriteBurstPerPrincipal", "3"));
        var busy = service.ClientAs("pipeline-busy", Role.Enforcement);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await busy.Post("/api/devices", NewDevice())).StatusCode);
        var refused = await busy.Post("/api/devices", NewDevice());
        var problem = await ledger.Refuses(HttpStatusCode.TooManyRequests, () => Task.FromResult(refused));

        Assert.Contains("per principal", problem.GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        // Another principal has a bucket of its own; reads are not limited.
        Assert.Equal(HttpStatusCode.Created,
                     (await service.ClientAs("pipeline-quiet", Role.Enforcement).Post("/api/devices", NewDevice())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("pipeline-busy", Role.Enforcement).GetAsync("/api/policy")).StatusCode);
    }

    [Fact]
    public async Task a_body_over_the_limit_is_a_413_problem_from_the_server_itself()
    {
        var settings = LocalKeys.Settings(ledger.ConnectionString);
        await using var service = await ServiceProcess.Serve(settings);
        using var client = await service.ClientAs(settings, Role.Enforcement);
        var body = $$"""{"imei":"{{TestImei.Next()}}","model":"{{new string('m', 70_000)}}","salesMarket":"AE"}""";

        var problem = await ledger.Refuses(HttpStatusCode.RequestEntityTooLarge, () => client.PostRaw("/api/devices", body));

        Assert.Contains("65536", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task history_comes_in_pages()
    {
        var imei = await _devices.Register();
        for (var i = 0; i < 4; i++) await _devices.Observe(imei, "AE");

        var first = await _devices.History(imei, "?limit=2");
        Assert.Equal([1L, 2L], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(2, first.GetProperty("next").GetInt64());
        var last = await _devices.History(imei, "?limit=3&after=2");
        Assert.Equal([3L, 4L, 5L], last.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?limit=-5")]
    [InlineData("?limit=ten")]
    [InlineData("?after=99999999999999999999")]
    public async Task a_page_size_out_of_range_is_a_400_problem(string query)
    {
        var imei = await _devices.Register();
        var problem = await (await ledger.Client.GetAsync($"/api/devices/{imei}/history{query}")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("whole number", problem.GetProperty("detail").GetString());
    }
}
