using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.IdentityModel.JsonWebTokens;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Access;

/// <summary>Token revocation on two nodes of one ledger: either node refuses a revoked token within 5 s, with a 401 saying so.</summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private ConfiguredLedger _first = null!;
    private IAlbaHost _second = null!;

    public async Task InitializeAsync()
    {
        var keys = Directory.CreateTempSubdirectory("regionlock-revocation-keys-").FullName;
        (string, string)[] shared =
        [
            ("Auth:SigningKeyFile", Path.Combine(keys, "token-signing.pem")), ("Integrity:SealKeyFile", Path.Combine(keys, "event-seal.key")),
            ("Integrity:SigningKeyFile", Path.Combine(keys, "checkpoint-signing.pem")), ("Integrity:LogKeyFile", Path.Combine(keys, "log-signing.pem")),
        ];
        _first = new ConfiguredLedger("ledger_revocation_tests", shared);
        await _first.InitializeAsync();
        _second = await LedgerFixture.StartService(_first.ConnectionString, shared);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    private static HttpClient With(IAlbaHost host, string token)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private Task<HttpResponseMessage> Revoke(object body) =>
        _first.Host.ClientAs("oncall@test", "admin").Post("/api/access/revocations", body);

    /// <summary>How long until the node refuses the token (401), at most 10 s; the refusal's problem document.</summary>
    private static async Task<(TimeSpan Took, JsonElement Problem)> Refused(IAlbaHost host, string token)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await With(host, token).GetAsync("/api/policy");
            if (response.StatusCode == HttpStatusCode.Unauthorized) return (clock.Elapsed, await response.Content.ReadFromJsonAsync<JsonElement>());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the revoked token is still accepted");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task a_revoked_token_is_refused_by_both_nodes_within_five_seconds_and_others_still_work()
    {
        var stolen = _first.Host.Mint("agent@test", "support");
        var other = _first.Host.Mint("agent@test", "support");
        Assert.Equal(HttpStatusCode.OK, (await With(_second, stolen).GetAsync("/api/policy")).StatusCode);

        var answer = await Revoke(new { tokenId = new JsonWebToken(stolen).Id, reason = "laptop stolen" });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        foreach (var host in new[] { _first.Host, _second })
        {
            var (took, problem) = await Refused(host, stolen);
            Assert.True(took < TimeSpan.FromSeconds(5), $"refused after {took}");
            Assert.Contains("revoked", problem.GetProperty("detail").GetString());
            Assert.Contains("laptop stolen", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await With(_second, other).GetAsync("/api/policy")).StatusCode);
    }

    [Fact]
    public async Task a_subjects_tokens_issued_before_an_instant_are_refused_and_later_ones_are_not()
    {
        var before = _first.Host.Mint("leaver@test", "compliance");
        await Task.Delay(1100); // token times are whole seconds

        Assert.Equal(HttpStatusCode.Created, (await Revoke(new { subject = "leaver@test", issuedBefore = DateTimeOffset.UtcNow, reason = "left the company" })).StatusCode);
        await Task.Delay(1100);
        var after = _first.Host.Mint("leaver@test", "compliance");

        var (took, problem) = await Refused(_second, before);
        Assert.True(took < TimeSpan.FromSeconds(5), $"refused after {took}");
        Assert.Contains("leaver@test", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await With(_second, after).GetAsync("/api/policy")).StatusCode);
    }

    [Fact]
    public async Task a_revocation_must_name_a_token_or_a_subject_with_an_instant_and_only_an_admin_may_make_one()
    {
        var events = await _first.CountEvents();

        await _first.RefusesInvalid("/api/access/revocations", """{"tokenId":"a","subject":"b","issuedBefore":"2026-01-01T00:00:00Z","reason":"r"}""", "tokenId");
        await _first.RefusesInvalid("/api/access/revocations", """{"subject":"b","reason":"r"}""", "issuedBefore");
        var compliance = await _first.Host.ClientAs("officer@test", "compliance").Post("/api/access/revocations", new { tokenId = "a", reason = "r" });
        Assert.Equal(HttpStatusCode.Forbidden, compliance.StatusCode);
        Assert.Equal(events, await _first.CountEvents());
    }
}
