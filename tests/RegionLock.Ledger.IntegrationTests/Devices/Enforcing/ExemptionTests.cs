using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices.Enforcing;

/// <summary>
/// Exemptions and the roaming allowance: a device observed in a restricted region that they spare is not locked,
/// and the ledger records why (EnforcementWaived), naming the exemption or the rule.
/// </summary>
[Collection(IncidentCollection.Name)]
public sealed class ExemptionTests(IncidentFixture ledger)
{
    private static readonly DateTimeOffset T = IncidentFixture.Restricted;
    private readonly DeviceApi _api = new(ledger.Client);

    private async Task<string> Grant(string kind, string value, string? region = null) =>
        (await (await ledger.Client.Post("/api/policy/exemptions", new
        {
            kind, value, region, basis = "proof of purchase abroad", reason = "travelling owner",
            effectiveFrom = T, expiresAt = T.AddDays(365),
        })).Read<JsonElement>(HttpStatusCode.Created)).GetProperty("exemptionId").GetString()!;

    private async Task<JsonElement> Waiver(string imei)
    {
        var history = await _api.History(imei);
        return history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "enforcement_waived");
    }

    [Fact]
    public async Task an_imei_exemption_spares_the_device_and_the_waiver_names_it()
    {
        var imei = await _api.Register();
        var exemption = await Grant("imei", imei);

        await _api.Observe(imei, "IR", T.AddDays(1));

        Assert.Empty((await _api.State(imei)).ActiveLocks);
        var waiver = (await Waiver(imei)).GetProperty("data");
        Assert.Equal(("imei", exemption, "IR"), (waiver.GetProperty("basis").GetString(), waiver.GetProperty("exemptionId").GetString(),
                                                 waiver.GetProperty("region").GetString()));
    }

    [Fact]
    public async Task a_tac_exemption_spares_every_device_of_the_model()
    {
        var imei = await _api.Register();
        await Grant("tac", imei[..8], region: "CU");

        await _api.Observe(imei, "CU", T.AddDays(1));
        await _api.Observe(imei, "IR", T.AddDays(2));

        Assert.Equal(["IR"], (await _api.State(imei)).ActiveLocks.Select(l => l.Region));
        Assert.Equal("tac", (await Waiver(imei)).GetProperty("data").GetProperty("basis").GetString());
    }

    [Fact]
    public async Task a_sales_market_exemption_spares_the_devices_sold_there()
    {
        var imei = await _api.Register(salesMarket: "NZ");
        await Grant("sales_market", "NZ", region: "KP");

        await _api.Observe(imei, "KP", T.AddDays(1));

        Assert.Empty((await _api.State(imei)).ActiveLocks);
        Assert.Equal("sales_market", (await Waiver(imei)).GetProperty("data").GetProperty("basis").GetString());
    }

    [Fact]
    public async Task a_roaming_sim_is_spared_for_the_allowance_and_locked_after_it()
    {
        var imei = await _api.Register();
        async Task Roam(DateTimeOffset at) => await (await ledger.Client.Post($"/api/devices/{imei}/observations",
            new { signal = "network_mcc", mcc = "417", mnc = "01", homeMcc = "424", homeMnc = "02", observedAt = at })).Read<object>();

        await Roam(T.AddDays(1));
        Assert.Empty((await _api.State(imei)).ActiveLocks);
        var waiver = (await Waiver(imei)).GetProperty("data");
        Assert.Equal(("roaming", "SY"), (waiver.GetProperty("basis").GetString(), waiver.GetProperty("region").GetString()));
        Assert.Equal(T.AddDays(15), waiver.GetProperty("until").GetDateTimeOffset());

        await Roam(T.AddDays(16));

        Assert.Equal(["SY"], (await _api.State(imei)).ActiveLocks.Select(l => l.Region));
    }

    [Fact]
    public async Task a_revoked_exemption_spares_nothing_from_its_revocation()
    {
        var imei = await _api.Register();
        var exemption = await Grant("imei", imei, region: "IR");
        await (await ledger.Client.Post($"/api/policy/exemptions/{exemption}/revoke",
            new { reason = "purchase proof withdrawn", effectiveFrom = T.AddDays(5) })).Read<JsonElement>();

        await _api.Observe(imei, "IR", T.AddDays(6));

        Assert.Single((await _api.State(imei)).ActiveLocks);
        var listed = await (await ledger.Client.GetAsync($"/api/policy/exemptions?at={Uri.EscapeDataString(T.AddDays(6).ToString("O"))}")).Read<JsonElement>();
        Assert.DoesNotContain(listed.GetProperty("exemptions").EnumerateArray(), e => e.GetProperty("exemptionId").GetString() == exemption);
    }

    public static TheoryData<string, string> InvalidExemptions => new()
    {
        { """{"kind":"imei","value":"490154203237518","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2022-09-15T00:00:00Z"}""", "basis" },
        { """{"kind":"imei","value":"490154203237518","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z"}""", "expiresAt" },
        { """{"kind":"imei","value":"490154203237518","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2021-09-01T00:00:00Z"}""", "expiresAt" },
        { """{"kind":"tac","value":"4901542","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2022-09-15T00:00:00Z"}""", "value" },
        { """{"kind":"imei","value":"490154203237519","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2022-09-15T00:00:00Z"}""", "value" },
        { """{"kind":"sales_market","value":"XX","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2022-09-15T00:00:00Z"}""", "value" },
        { """{"kind":"roaming","value":"AE","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2022-09-15T00:00:00Z"}""", "kind" },
        { """{"kind":"imei","value":"490154203237518","region":"XX","basis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","expiresAt":"2022-09-15T00:00:00Z"}""", "region" },
    };

    [Theory]
    [MemberData(nameof(InvalidExemptions))]
    public Task an_invalid_exemption_is_a_400_problem(string body, string field) =>
        ledger.RefusesInvalid("/api/policy/exemptions", body, field);

    public static TheoryData<string, string> InvalidNetworks => new()
    {
        { """{"signal":"network_mcc","mcc":"417","mnc":"99","observedAt":"2021-09-15T00:00:00Z"}""", "mnc" },
        { """{"region":"SY","signal":"network_mcc","homeMcc":"999","observedAt":"2021-09-15T00:00:00Z"}""", "homeMcc" },
        { """{"region":"SY","signal":"network_mcc","homeMcc":"424","homeMnc":"99","observedAt":"2021-09-15T00:00:00Z"}""", "homeMnc" },
        { """{"region":"SY","signal":"network_mcc","homeMnc":"02","observedAt":"2021-09-15T00:00:00Z"}""", "homeMnc" },
        { """{"signal":"gps","observedAt":"2021-09-15T00:00:00Z"}""", "region" },
    };

    [Theory]
    [MemberData(nameof(InvalidNetworks))]
    public async Task an_observation_naming_an_unknown_network_is_a_400_problem(string body, string field) =>
        await ledger.RefusesInvalid($"/api/devices/{await _api.Register()}/observations", body, field);
}
