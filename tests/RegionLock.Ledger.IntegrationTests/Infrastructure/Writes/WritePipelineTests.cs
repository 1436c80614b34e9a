using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Infrastructure.Writes;
using RegionLock.Ledger.Disclosures;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure.Writes;

/// <summary>A ledger of its own with Iran restricted, where every POST endpoint is tried.</summary>
/// <remarks>Every change that reaches a device needs a second officer here: the proposals' endpoints have writes to try.</remarks>
public sealed class WritePipelineFixture() : LedgerFixture("ledger_write_pipeline_tests")
{
    protected override IEnumerable<(string Key, string Value)> Settings(string connectionString) =>
        [("Policy:ApprovalThresholdDevices", "0")];

    public WriteExamples Examples() => new(Client, Host.ClientAs("proposer@test", Role.Compliance));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await (await Client.Post("/api/policy/restrictions",
            new { region = "IR", legalBasis = "15 CFR 746", reason = "sanctions", effectiveFrom = DeviceApi.Incident }))
            .Read<object>(HttpStatusCode.Created);
    }
}

[CollectionDefinition(Name)]
public sealed class WritePipelineCollection : ICollectionFixture<WritePipelineFixture>
{
    public const string Name = "write-pipeline";
}

/// <summary>
/// Every POST endpoint, found from the endpoint metadata, honours If-Match and Idempotency-Key, or says it appends
/// nothing and appends nothing: an endpoint added without an example here fails the first test.
/// </summary>
[Collection(WritePipelineCollection.Name)]
public sealed class WritePipelineTests(WritePipelineFixture ledger)
{
    private readonly WriteExamples _examples = ledger.Examples();

    public static TheoryData<string> Writes => new(Routes(write: true));
    public static TheoryData<string> Others => new(Routes(write: false));

    [Fact]
    public void every_post_endpoint_has_an_example_and_is_a_write_unless_it_says_it_appends_nothing()
    {
        var posts = PostEndpoints(ledger.Host.Services).ToList();
        Assert.Equal(posts.Select(p => p.Route).Order(), ledger.Examples().ByRoute.Keys.Order());
        Assert.All(posts, p => Assert.True(p.Write is not null ^ p.AsksNoChange,
                                           $"{p.Route} is neither a write nor marked as appending nothing"));
        Assert.Equal(posts.Where(p => p.Write is not null).Select(p => p.Route).Order(), Routes(write: true).Order());
    }

    [Theory, MemberData(nameof(Writes))]
    public async Task a_retry_with_the_key_appends_nothing_and_gets_the_first_answer_byte_for_byte(string route)
    {
        var request = await _examples.ByRoute[route]();
        var key = (IdempotencyKey.Header, Guid.NewGuid().ToString());

        var first = await Send(request, key);
        Assert.True(first.IsSuccessStatusCode, $"{route}: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        var appended = await ledger.CountEvents();
        var retry = await Send(request, key);

        Assert.Equal(first.StatusCode, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await retry.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyKey.ReplayedHeader).Single());
        Assert.Equal(appended, await ledger.CountEvents());
    }

    [Theory, MemberData(nameof(Writes))]
    public async Task the_key_of_a_write_sent_with_another_request_is_a_422_that_appends_nothing(string route)
    {
        var key = (IdempotencyKey.Header, Guid.NewGuid().ToString());
        var first = await Send(await _examples.ByRoute[route](), key);
        Assert.True(first.IsSuccessStatusCode, $"{route}: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        var other = await _examples.ByRoute[OtherWriteThan(route)]();

        var problem = await ledger.Refuses(HttpStatusCode.UnprocessableEntity, () => Send(other, key));

        Assert.Contains("different request", problem.GetProperty("detail").GetString());
    }

    [Theory, MemberData(nameof(Writes))]
    public async Task a_stale_or_weak_if_match_is_a_412_that_appends_nothing_and_leaves_the_key_unused(string route)
    {
        var request = await _examples.ByRoute[route]();
        var key = (IdempotencyKey.Header, Guid.NewGuid().ToString());

        await ledger.Refuses(HttpStatusCode.PreconditionFailed, () => Send(request, key, (ExpectedVersion.Header, "\"999999\"")));
        await ledger.Refuses(HttpStatusCode.PreconditionFailed, () => Send(request, (ExpectedVersion.Header, "W/\"1\"")));

        var retry = await Send(request, key);
        Assert.True(retry.IsSuccessStatusCode, $"{route}: {(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
        Assert.False(retry.Headers.Contains(IdempotencyKey.ReplayedHeader));
    }

    [Theory, MemberData(nameof(Writes))]
    public async Task if_match_star_is_met_by_a_write_to_an_existing_stream_and_refused_by_any_other(string route)
    {
        var request = await _examples.ByRoute[route]();
        var changesStream = WriteOf(route).ChangesLoadedStream;

        var response = await Send(request, (ExpectedVersion.Header, "*"));

        if (changesStream) Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode}");
        else await response.Problem(HttpStatusCode.PreconditionFailed);
    }

    [Theory, MemberData(nameof(Others))]
    public async Task a_post_that_asks_no_change_appends_nothing_but_what_it_discloses_and_its_access_entry(string route)
    {
        // The first use of a signing key records the key's adoption: the ledger's bookkeeping, done once. An export
        // waits for the chain to cover what it exports.
        await ledger.ChainCaughtUp();
        await Send(await _examples.ByRoute[route]());
        await ledger.ChainCaughtUp();
        const string beyondDisclosures =
            $"select count(*) from ledger.mt_events where stream_id <> '{DisclosureLog.Stream}' and stream_id not like 'access-log-%'";
        var before = await ledger.Scalar(beyondDisclosures);

        var response = await Send(await _examples.ByRoute[route](), (IdempotencyKey.Header, Guid.NewGuid().ToString()));

        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await ledger.Scalar(beyondDisclosures));
    }

    [Fact]
    public async Task where_if_match_is_required_a_write_to_an_existing_stream_without_it_is_a_428_that_appends_nothing()
    {
        await using var strict = await LedgerFixture.StartService(ledger.ConnectionString, ("Http:RequireIfMatch", "true"));
        var client = strict.ClientAs();

        foreach (var route in Routes(write: true).Where(r => WriteOf(r).ChangesLoadedStream))
        {
            var request = await _examples.ByRoute[route]();
            var problem = await ledger.Refuses((HttpStatusCode)428, () => client.PostRaw(request.Url, request.Body));
            Assert.Contains(ExpectedVersion.Header, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task a_key_past_its_retention_is_free_for_a_new_request_and_its_claim_is_removed()
    {
        var key = (IdempotencyKey.Header, Guid.NewGuid().ToString());
        var route = Routes(write: true).First();
        (await Send(await _examples.ByRoute[route](), key)).EnsureSuccessStatusCode();
        await AgeClaims(TimeSpan.FromDays(31));

        var reused = await Send(await _examples.ByRoute[route](), key);
        Assert.True(reused.IsSuccessStatusCode, $"{(int)reused.StatusCode} {await reused.Content.ReadAsStringAsync()}");
        Assert.False(reused.Headers.Contains(IdempotencyKey.ReplayedHeader));

        await AgeClaims(TimeSpan.FromDays(31));
        await ledger.Host.Services.GetServices<IHostedService>().OfType<ExpiredIdempotencyKeys>().Single().Forget(CancellationToken.None);
        Assert.Equal(0L, await TestDatabase.Scalar(ledger.ConnectionString,
                                                          $"select count(*) from {LedgerSchema.Name}.mt_doc_idempotentrequest"));
    }

    // Moves every claim's time back, as if it had been made that long ago.
    private Task AgeClaims(TimeSpan age) =>
        TestDatabase.Scalar(ledger.ConnectionString, $$"""
            update {{LedgerSchema.Name}}.mt_doc_idempotentrequest
            set claimed_at = claimed_at - interval '{{(int)age.TotalDays}} days',
                data = jsonb_set(data, '{claimedAt}', to_jsonb(claimed_at - interval '{{(int)age.TotalDays}} days'))
            """);

    private Task<HttpResponseMessage> Send(WriteRequest request, params (string, string)[] headers) =>
        ledger.Settled(client => client.PostRaw(request.Url, request.Body, headers));

    private static string OtherWriteThan(string route)
    {
        var writes = Routes(write: true).ToList();
        return writes[(writes.IndexOf(route) + 1) % writes.Count];
    }

    private static WriteEndpoint WriteOf(string route) => Posts.Value.Single(p => p.Route == route).Write!;

    private static IEnumerable<string> Routes(bool write) =>
        Posts.Value.Where(p => p.Write is not null == write).Select(p => p.Route).Order();

    private sealed record Post(string Route, WriteEndpoint? Write, bool AsksNoChange);

    // The POST endpoints of a service started once for the theories' data, as its endpoint metadata describes them.
    private static readonly Lazy<IReadOnlyList<Post>> Posts = new(() =>
    {
        using var service = LedgerFixture.StartService(TestDatabase.EnsureCreated("ledger_write_pipeline_tests").GetAwaiter().GetResult())
            .GetAwaiter().GetResult();
        return PostEndpoints(service.Services).ToList();
    });

    private static IEnumerable<Post> PostEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => new Post(e.RoutePattern.RawText!, e.Metadata.GetMetadata<WriteEndpoint>(),
                                  e.Metadata.GetMetadata<AsksNoChangeAttribute>() is not null));
}
