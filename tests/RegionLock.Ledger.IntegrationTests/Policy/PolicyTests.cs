using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Policy;

[Collection(IncidentCollection.Name)]
public sealed class PolicyTests(IncidentFixture ledger)
{
    private static readonly DateTimeOffset T = IncidentFixture.Restricted;

    private async Task<JsonElement> PolicyAt(DateTimeOffset asOf, DateTimeOffset? knownAt = null) =>
        await (await ledger.Client.GetAsync(
            $"/api/policy?asOf={Uri.EscapeDataString(asOf.ToString("O"))}" +
            (knownAt is null ? "" : $"&knownAt={Uri.EscapeDataString(knownAt.Value.ToString("O"))}"))).Read<JsonElement>();

    private static string[] Restricted(JsonElement policy) =>
        policy.GetProperty("restrictions").EnumerateArray().Select(r => r.GetProperty("region").GetString()!).ToArray();

    [Fact]
    public async Task nothing_is_restricted_before_the_incident()
    {
        var before = await PolicyAt(T.AddSeconds(-1));

        Assert.Empty(Restricted(before));
        Assert.Equal(0, before.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task the_six_regions_are_restricted_from_the_instant_on()
    {
        foreach (var instant in new[] { T, T.AddDays(30) })
        {
            var policy = await PolicyAt(instant);
            Assert.Equal(["CU", "IR", "KP", "SD", "SY", "UA-43"], Restricted(policy));
            Assert.Equal(6, policy.GetProperty("version").GetInt32());
            Assert.All(policy.GetProperty("restrictions").EnumerateArray(),
                       r => Assert.Equal(IncidentFixture.LegalBasis, r.GetProperty("legalBasis").GetString()));
        }
    }

    [Fact]
    public async Task a_lift_recorded_late_counts_from_its_effective_time()
    {
        Assert.Contains("SD", Restricted(await PolicyAt(IncidentFixture.SudanLifted.AddTicks(-1))));

        var afterLift = await PolicyAt(IncidentFixture.SudanLifted);

        Assert.DoesNotContain("SD", Restricted(afterLift));
        Assert.Equal(7, afterLift.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task a_restriction_recorded_ahead_of_its_effective_time_applies_only_from_then()
    {
        var from = DateTimeOffset.UtcNow.AddDays(365);
        await (await ledger.Client.Post("/api/policy/restrictions",
            new { region = "BY", legalBasis = "future regulation", reason = "announced", effectiveFrom = from })).Read<object>(HttpStatusCode.Created);

        Assert.DoesNotContain("BY", Restricted(await PolicyAt(DateTimeOffset.UtcNow)));
        Assert.DoesNotContain("BY", Restricted(await PolicyAt(from.AddTicks(-10))));
        Assert.Contains("BY", Restricted(await PolicyAt(from)));
    }

    [Fact]
    public async Task known_at_leaves_out_changes_recorded_later()
    {
        var changes = (await PolicyAt(T)).GetProperty("changes").EnumerateArray().ToList();
        var lastRestrictionRecorded = changes.First(c => c.GetProperty("version").GetInt32() == 6)
            .GetProperty("recordedAt").GetDateTimeOffset();

        var asKnownBeforeTheLift = await PolicyAt(IncidentFixture.SudanLifted, knownAt: lastRestrictionRecorded);
        var asKnownNow = await PolicyAt(IncidentFixture.SudanLifted);

        Assert.Contains("SD", Restricted(asKnownBeforeTheLift));
        Assert.Equal(6, asKnownBeforeTheLift.GetProperty("version").GetInt32());
        Assert.DoesNotContain("SD", Restricted(asKnownNow));
        Assert.Empty(Restricted(await PolicyAt(IncidentFixture.SudanLifted, knownAt: T)));
    }

    [Fact]
    public async Task every_change_names_who_made_it_and_when_it_was_recorded()
    {
        var changes = (await PolicyAt(T)).GetProperty("changes").EnumerateArray().ToList();

        Assert.Equal(Enumerable.Range(1, changes.Count), changes.Select(c => c.GetProperty("version").GetInt32()));
        Assert.All(changes, c =>
        {
            Assert.Equal(Tokens.Officer, c.GetProperty("changedBy").GetString());
            Assert.True(c.GetProperty("recordedAt").GetDateTimeOffset() > T.AddYears(1));
        });
    }

    [Fact]
    public async Task restricting_a_region_already_restricted_at_that_instant_is_a_409_problem() =>
        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post("/api/policy/restrictions",
            new { region = "IR", legalBasis = "x", reason = "again", effectiveFrom = T.AddDays(1) }));

    [Fact]
    public async Task lifting_a_region_that_is_not_restricted_then_is_a_409_problem() =>
        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post("/api/policy/restrictions/IR/lift",
            new { legalBasis = "x", reason = "too early", effectiveFrom = T.AddDays(-1) }));

    [Theory]
    [InlineData("/api/policy/restrictions", """{"region":"XX","legalBasis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z"}""", "region")]
    [InlineData("/api/policy/restrictions", """{"region":"IR","legalBasis":"","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z"}""", "legalBasis")]
    [InlineData("/api/policy/restrictions", """{"region":"IR","legalBasis":"b","reason":"","effectiveFrom":"2021-09-15T00:00:00Z"}""", "reason")]
    [InlineData("/api/policy/restrictions", """{"region":"BY","legalBasis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","gracePeriodDays":31}""", "gracePeriodDays")]
    [InlineData("/api/policy/restrictions", """{"region":"BY","legalBasis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z","gracePeriodDays":0}""", "gracePeriodDays")]
    [InlineData("/api/policy/restrictions", """{"region":"IR","legalBasis":"b","reason":"r"}""", "effectiveFrom")]
    [InlineData("/api/policy/restrictions/XX/lift", """{"legalBasis":"b","reason":"r","effectiveFrom":"2021-09-15T00:00:00Z"}""", "region")]
    public Task invalid_policy_changes_are_400_problems(string url, string body, string field) =>
        ledger.RefusesInvalid(url, body, field);

    [Fact]
    public async Task an_unparseable_instant_is_a_400_problem() =>
        await (await ledger.Client.GetAsync("/api/policy?asOf=2021-13-01")).Problem(HttpStatusCode.BadRequest);
}
