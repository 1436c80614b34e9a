using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Policy;

/// <summary>
/// The impact analysis on a generated ledger, its figures cross-checked with SQL written straight over the events
/// (not over the snapshots the analysis reads), and its answer the same for the same ledger and instants.
/// </summary>
public sealed class ImpactTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly string[] Markets = ["AE", "SY", "DE", "TR"];
    private static readonly string[] Places = ["SY", "SY-DI", "LB", "AE", "SY"];
    private static readonly string[] Signals = ["sim_mcc", "network_mcc", "ip_geo", "gps"];
    private readonly ConfiguredLedger _ledger = new("ledger_impact_tests", []);

    public async Task InitializeAsync()
    {
        await _ledger.InitializeAsync();
        var random = new Random(14);
        var api = new DeviceApi(_ledger.Client);
        for (var n = 0; n < 60; n++)
        {
            var imei = await api.Register(salesMarket: Markets[random.Next(Markets.Length)]);
            for (var o = random.Next(1, 5); o > 0; o--)
            {
                await (await _ledger.Client.Post($"/api/devices/{imei}/observations", new
                {
                    region = Places[random.Next(Places.Length)], signal = Signals[random.Next(Signals.Length)],
                    observedAt = Now.AddHours(-random.Next(1, 60 * 24)),
                })).Read<object>();
            }
        }
    }

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private async Task<JsonElement> Analyse(object body) =>
        await (await _ledger.Client.Post("/api/policy/impact", body)).Read<JsonElement>();

    private static Dictionary<string, int> Lines(JsonElement analysis, string breakdown) =>
        analysis.GetProperty(breakdown).EnumerateArray()
            .ToDictionary(l => l.GetProperty("key").GetString()!, l => l.GetProperty("devices").GetInt32());

    // Each device's latest observation by business time (the later-recorded one on a tie), straight from the events.
    private const string Sightings = """
        with obs as (select stream_id as imei, data ->> 'region' as region, (data ->> 'observedAt')::timestamptz as at, seq_id
                     from ledger.mt_events where type = 'device_observed'),
             latest as (select distinct on (imei) imei, region from obs order by imei, at desc, seq_id desc),
             there as (select imei, max(at) as last_there from obs where region in ('SY', 'SY-DI') group by imei),
             market as (select stream_id as imei, data ->> 'salesMarket' as market from ledger.mt_events where type = 'device_registered')
        """;

    [Fact]
    public async Task the_figures_of_a_restriction_match_sql_over_the_events()
    {
        var analysis = await Analyse(new { change = "restrict", region = "SY", effectiveFrom = Now.AddDays(7), at = Now });

        var observed = await _ledger.Scalar($"{Sightings} select count(*) from there");
        var inRegion = await _ledger.Scalar($"{Sightings} select count(*) from there join latest using (imei) where latest.region in ('SY', 'SY-DI')");
        var soldElsewhere = await _ledger.Scalar($"{Sightings} select count(*) from there join market using (imei) where market <> 'SY'");
        var recent = await _ledger.Scalar($"{Sightings} select count(*) from there where last_there >= '{Now.AddDays(-7):O}'::timestamptz");
        var fromAe = await _ledger.Scalar($"{Sightings} select count(*) from there join market using (imei) where market = 'AE'");

        Assert.True(observed > 20, $"the generated ledger has {observed} devices seen in Syria");
        Assert.Equal(observed, analysis.GetProperty("observedDevices").GetInt32());
        Assert.Equal(inRegion, analysis.GetProperty("inRegion").GetInt32());
        // Nothing is locked, exempted or roaming here: every device whose latest sighting is in Syria would be locked.
        Assert.Equal(inRegion, analysis.GetProperty("wouldLockNow").GetInt32());
        Assert.Equal(inRegion, analysis.GetProperty("wouldLockAtEffect").GetInt32());
        Assert.Equal(soldElsewhere, analysis.GetProperty("travellers").GetProperty("soldElsewhere").GetInt32());
        Assert.Equal(observed - inRegion, analysis.GetProperty("travellers").GetProperty("seenElsewhereSince").GetInt32());
        Assert.Equal(recent, Lines(analysis, "byRecency").GetValueOrDefault("7d"));
        Assert.Equal(fromAe, Lines(analysis, "bySalesMarket")["AE"]);
        Assert.Equal(observed, Lines(analysis, "bySignal").Values.Sum());
        Assert.Equal(Math.Min(inRegion, 20), analysis.GetProperty("sample").GetArrayLength());
        Assert.Equal(await _ledger.Scalar("select max(seq_id) from ledger.mt_events"), analysis.GetProperty("atSequence").GetInt64());
    }

    [Fact]
    public async Task the_same_ledger_and_instants_give_the_same_bytes_and_nothing_is_written()
    {
        var body = new { change = "restrict", region = "SY", effectiveFrom = Now.AddDays(7), at = Now };
        var before = await _ledger.CountEvents();

        var first = await (await _ledger.Client.Post("/api/policy/impact", body)).Content.ReadAsByteArrayAsync();
        var second = await (await _ledger.Client.Post("/api/policy/impact", body)).Content.ReadAsByteArrayAsync();

        Assert.Equal(first, second);
        Assert.Equal(before, await _ledger.CountEvents());
    }

    [Fact]
    public async Task a_lift_counts_the_locks_its_release_would_lift()
    {
        var api = new DeviceApi(_ledger.Client);
        for (var i = 0; i < 3; i++) await api.Lock(await api.Register(), "CU");

        var analysis = await Analyse(new { change = "lift", region = "CU", effectiveFrom = Now });

        Assert.Equal(3, analysis.GetProperty("releases").GetInt32());
        Assert.Equal(3, analysis.GetProperty("sample").GetArrayLength());
    }

    [Fact]
    public async Task an_exemption_and_the_roaming_allowance_show_what_they_spare_now_and_at_effect()
    {
        var api = new DeviceApi(_ledger.Client);
        var exempt = await api.Register(salesMarket: "DE");
        var roamer = await api.Register(salesMarket: "DE");
        await api.Observe(exempt, "KP", Now.AddHours(-1));
        await (await _ledger.Client.Post($"/api/devices/{roamer}/observations",
            new { region = "KP", signal = "network_mcc", homeMcc = "262", homeMnc = "01", observedAt = Now.AddDays(-10) })).Read<object>();
        await (await _ledger.Client.Post("/api/policy/exemptions", new
        {
            kind = "imei", value = exempt, basis = "diplomatic handset", reason = "embassy staff",
            effectiveFrom = Now.AddDays(-1), expiresAt = Now.AddDays(60),
        })).Read<object>(HttpStatusCode.Created);

        var analysis = await Analyse(new { change = "restrict", region = "KP", effectiveFrom = Now.AddDays(7), at = Now });

        Assert.Equal(0, analysis.GetProperty("wouldLockNow").GetInt32());
        // The roaming allowance (14 days from arrival) runs out before the restriction takes effect; the exemption does not.
        Assert.Equal(1, analysis.GetProperty("wouldLockAtEffect").GetInt32());
        Assert.Equal([roamer], analysis.GetProperty("sample").EnumerateArray().Select(i => i.GetString()));
        var spared = analysis.GetProperty("spared").EnumerateArray()
            .ToDictionary(s => s.GetProperty("basis").GetString()!, s => (s.GetProperty("now").GetInt32(), s.GetProperty("atEffect").GetInt32()));
        Assert.Equal((1, 1), spared["imei"]);
        Assert.Equal((1, 0), spared["roaming"]);
        Assert.Equal(1, analysis.GetProperty("travellers").GetProperty("roamingOnly").GetInt32());
    }

    [Theory]
    [InlineData("""{"change":"ban","region":"SY","effectiveFrom":"2021-09-15T00:00:00Z"}""", "change")]
    [InlineData("""{"change":"restrict","region":"XX","effectiveFrom":"2021-09-15T00:00:00Z"}""", "region")]
    [InlineData("""{"change":"restrict","region":"SY"}""", "effectiveFrom")]
    public Task a_malformed_analysis_is_a_400_problem(string body, string field) =>
        _ledger.RefusesInvalid("/api/policy/impact", body, field);

    [Fact]
    public async Task the_cli_prints_the_analysis_as_a_table()
    {
        var (exit, output, errors) = await ServiceProcess.Run(LocalKeys.Settings(_ledger.ConnectionString),
                                                              "policy", "impact", "--region", "SY", "--effective-from", "2030-01-01T00:00:00Z");

        Assert.True(exit == 0, errors);
        Assert.Contains("restrict SY from 2030-01-01", output);
        Assert.Contains("would lock at effect", output);
    }
}
