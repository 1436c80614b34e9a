using System.Net;
using System.Text.Json;
using Alba;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Policy;

/// <summary>
/// Four eyes over wide changes (Policy:ApprovalThresholdDevices = 2 here): a restriction or lift reaching more devices
/// is proposed with its impact, and takes effect only when a second compliance officer approves it in time and before
/// its impact drifts.
/// </summary>
public sealed class FourEyesTests : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private ConfiguredLedger _ledger = null!;
    private HttpClient _second = null!;

    public async Task InitializeAsync()
    {
        _ledger = new ConfiguredLedger("ledger_four_eyes_tests",
            [("Policy:ApprovalThresholdDevices", "2"), ("Policy:ImpactDriftPercent", "10"), ("Policy:ProposalLifetimeHours", "72")],
            _clock.Replace);
        await _ledger.InitializeAsync();
        _second = _ledger.Host.ClientAs("second-officer@test", "compliance");
    }

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private async Task SeenIn(string region, int devices)
    {
        var api = new DeviceApi(_ledger.Client);
        for (var i = 0; i < devices; i++) await api.Observe(await api.Register(), region, DateTimeOffset.UtcNow.AddHours(-1));
    }

    private Task<HttpResponseMessage> Restrict(string region) =>
        _ledger.Client.Post("/api/policy/restrictions",
            new { region, legalBasis = "31 CFR 591", reason = "new sanctions", effectiveFrom = DateTimeOffset.UtcNow.AddDays(1) });

    private async Task<string> Propose(string region, int devices)
    {
        await SeenIn(region, devices);
        var made = await (await Restrict(region)).Read<JsonElement>(HttpStatusCode.Accepted);
        Assert.Equal(devices, made.GetProperty("impact").GetProperty("devices").GetInt32());
        return made.GetProperty("proposalId").GetString()!;
    }

    private async Task<JsonElement> Policy() => await (await _ledger.Client.GetAsync("/api/policy?asOf=2100-01-01T00:00:00Z")).Read<JsonElement>();

    private async Task<bool> Restricted(string region) =>
        (await Policy()).GetProperty("restrictions").EnumerateArray().Any(r => r.GetProperty("region").GetString() == region);

    private Task<HttpResponseMessage> Approve(HttpClient officer, string proposal) =>
        officer.Post($"/api/policy/proposals/{proposal}/approve", new { reason = "impact reviewed" });

    [Fact]
    public async Task a_change_within_the_threshold_applies_at_once_and_records_its_impact()
    {
        await SeenIn("VE", 2);

        await (await Restrict("VE")).Read<JsonElement>(HttpStatusCode.Created);

        var change = (await Policy()).GetProperty("changes").EnumerateArray().Last();
        Assert.Equal(2, change.GetProperty("impact").GetProperty("devices").GetInt32());
        Assert.True(change.GetProperty("impact").GetProperty("atSequence").GetInt64() > 0);
    }

    [Fact]
    public async Task a_wide_restriction_is_proposed_and_applies_only_when_a_second_officer_approves()
    {
        var proposal = await Propose("BY", 3);
        Assert.False(await Restricted("BY"));
        var pending = await (await _ledger.Client.GetAsync("/api/policy/proposals")).Read<JsonElement>();
        Assert.Contains(pending.EnumerateArray(), p => p.GetProperty("proposal").GetProperty("proposalId").GetString() == proposal);

        var own = await _ledger.Refuses(HttpStatusCode.Forbidden, () => Approve(_ledger.Client, proposal));
        Assert.Contains("second compliance officer", own.GetProperty("detail").GetString());

        await (await Approve(_second, proposal)).Read<JsonElement>();

        Assert.True(await Restricted("BY"));
        var change = (await Policy()).GetProperty("changes").EnumerateArray().Last();
        Assert.Equal(proposal, change.GetProperty("proposalId").GetString());
        var decided = await (await _ledger.Client.GetAsync($"/api/policy/proposals/{proposal}")).Read<JsonElement>();
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal("second-officer@test", decided.GetProperty("proposal").GetProperty("decidedBy").GetString());
        await _ledger.Refuses(HttpStatusCode.Conflict, () => Approve(_second, proposal));
    }

    [Fact]
    public async Task a_rejected_proposal_cannot_be_approved()
    {
        var proposal = await Propose("MM", 3);

        await (await _second.Post($"/api/policy/proposals/{proposal}/reject", new { reason = "too broad" })).Read<JsonElement>();

        var refused = await _ledger.Refuses(HttpStatusCode.Conflict, () => Approve(_second, proposal));
        Assert.Contains("rejected", refused.GetProperty("detail").GetString());
        Assert.False(await Restricted("MM"));
    }

    [Fact]
    public async Task an_impact_that_drifted_beyond_the_limit_needs_a_fresh_analysis()
    {
        var proposal = await Propose("NI", 3);
        await SeenIn("NI", 2);

        var drifted = await _ledger.Refuses(HttpStatusCode.Conflict, () => Approve(_second, proposal));

        Assert.Contains("from 3 to 5 devices", drifted.GetProperty("detail").GetString());
        Assert.False(await Restricted("NI"));
    }

    [Fact]
    public async Task an_expired_proposal_cannot_be_approved()
    {
        var proposal = await Propose("ZW", 3);
        _clock.Advance(TimeSpan.FromHours(73));
        try
        {
            var expired = await _ledger.Refuses(HttpStatusCode.Conflict, () => Approve(_second, proposal));
            Assert.Contains("expired", expired.GetProperty("detail").GetString());
            var read = await (await _ledger.Client.GetAsync($"/api/policy/proposals/{proposal}")).Read<JsonElement>();
            Assert.Equal("expired", read.GetProperty("status").GetString());
        }
        finally
        {
            _clock.Advance(TimeSpan.FromHours(-73));
        }
    }

    [Fact]
    public async Task a_wide_lift_is_proposed_too()
    {
        var api = new DeviceApi(_ledger.Client);
        await (await _ledger.Client.Post("/api/policy/restrictions",
            new { region = "ER", legalBasis = "b", reason = "r", effectiveFrom = DateTimeOffset.UtcNow.AddDays(-1) })).Read<JsonElement>(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++) await api.Lock(await api.Register(), "ER");

        var made = await (await _ledger.Client.Post("/api/policy/restrictions/ER/lift",
            new { legalBasis = "b", reason = "eased", effectiveFrom = DateTimeOffset.UtcNow })).Read<JsonElement>(HttpStatusCode.Accepted);

        Assert.Equal(3, made.GetProperty("impact").GetProperty("releases").GetInt32());
        Assert.True(await Restricted("ER"));
    }

    [Theory]
    [InlineData("""{"reason":""}""", "reason")]
    public async Task a_decision_without_a_reason_is_a_400_problem(string body, string field)
    {
        var proposal = await Propose("SS", 3);
        await _ledger.RefusesInvalid($"/api/policy/proposals/{proposal}/approve", body, field);
    }

    [Fact]
    public async Task approving_a_proposal_the_ledger_does_not_hold_is_a_404_problem() =>
        await _ledger.Refuses(HttpStatusCode.NotFound, () => Approve(_second, Guid.NewGuid().ToString()));
}
