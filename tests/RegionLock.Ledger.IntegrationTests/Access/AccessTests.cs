using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Access;

[Collection(LedgerCollection.Name)]
public sealed class AccessTests(LedgerFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);

    private AccessSettings Settings => ledger.Host.Services.GetRequiredService<AccessSettings>();

    private string Token(SecurityKey? key = null, string? audience = null, DateTime? expires = null, string role = Role.Enforcement)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Settings.Issuer,
            Audience = audience ?? Settings.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "mallory"), new Claim("role", role)]),
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? Settings.LocalKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private Task<HttpResponseMessage> RegisterWith(string? token)
    {
        var client = ledger.Host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.Post("/api/devices", new { imei = TestImei.Next(), model = "Phone 12", salesMarket = "AE" });
    }

    private static string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"sub":"mallory","role":"enforcement","iss":"{{AccessSettings.DefaultIssuer}}","aud":"{{AccessSettings.DefaultAudience}}","exp":{{exp}}}""")}.";
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "none", "a bearer token is required" },
        { "expired", "expired" },
        { "wrong-signature", "signature" },
        { "wrong-audience", "audience" },
        { "alg-none", "signature" },
        { "garbage", "not valid" },
    };

    [Theory, MemberData(nameof(RefusedTokens))]
    public async Task a_request_without_a_valid_token_is_a_401_problem_and_writes_nothing(string kind, string why)
    {
        var token = kind switch
        {
            "none" => null,
            "expired" => Token(expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-signature" => Token(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Settings.LocalKey!.KeyId }),
            "wrong-audience" => Token(audience: "another-service"),
            "alg-none" => Unsigned(),
            _ => "not.a.token",
        };

        var response = await RegisterWith(token);
        var problem = await ledger.Refuses(HttpStatusCode.Unauthorized, () => Task.FromResult(response));

        Assert.Contains(why, problem.GetProperty("detail").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task the_right_token_is_accepted()
    {
        Assert.Equal(HttpStatusCode.Created, (await RegisterWith(Token())).StatusCode);
    }

    [Fact]
    public async Task a_token_without_the_role_is_a_403_problem_and_writes_nothing()
    {
        var auditor = ledger.Host.ClientAs("audrey", Role.Auditor);
        var problem = await ledger.Refuses(HttpStatusCode.Forbidden,
            () => auditor.Post("/api/devices", new { imei = TestImei.Next(), model = "Phone 12", salesMarket = "AE" }));
        Assert.Equal("this requires the role enforcement; the token of 'audrey' holds auditor", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task reads_need_a_role_too()
    {
        var imei = await _devices.Register();
        await (await ledger.Host.ClientAs("eve", Role.Enforcement).GetAsync($"/api/devices/{imei}")).Problem(HttpStatusCode.Forbidden);
        await (await ledger.Host.ClientAs("audrey", Role.Auditor).GetAsync($"/api/devices/{imei}")).Read<object>();
        await (await ledger.Host.Server.CreateClient().GetAsync("/api/policy")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task health_and_the_api_description_are_open()
    {
        var anonymous = ledger.Host.Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task the_api_description_names_the_bearer_token_and_each_operations_roles()
    {
        var document = await (await ledger.Host.Server.CreateClient().GetAsync("/openapi/v1.json")).Read<System.Text.Json.JsonElement>();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer", "JWT"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(),
                                                 scheme.GetProperty("bearerFormat").GetString()));
        var register = document.GetProperty("paths").GetProperty("/api/devices").GetProperty("post");
        Assert.StartsWith("Roles: enforcement.", register.GetProperty("description").GetString());
        Assert.True(register.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.True(register.GetProperty("responses").TryGetProperty("403", out _));
    }

    [Fact]
    public async Task every_write_is_recorded_with_the_principal_and_the_role_it_was_admitted_under()
    {
        var pipeline = new DeviceApi(ledger.Host.ClientAs("pipeline-7", Role.Enforcement));
        var officer = new DeviceApi(ledger.Host.ClientAs("carla", Role.Compliance));
        var imei = await pipeline.Register();
        var placed = await pipeline.Lock(imei, "KP");
        await officer.Unlock(imei, placed.LockId);

        var events = (await _devices.History(imei)).GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("principal").GetString(), e.GetProperty("role").GetString()));
        Assert.Equal([("pipeline-7", "enforcement"), ("pipeline-7", "enforcement"), ("carla", "compliance")], events);
    }

    [Fact]
    public async Task in_production_the_identity_providers_keys_issuer_and_audience_decide()
    {
        using var provider = RSA.Create(2048);
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("regionlock-ledger-idp-").FullName, "idp.pem");
        await File.WriteAllTextAsync(keyFile, provider.ExportSubjectPublicKeyInfoPem());
        await using var service = await LedgerFixture.StartService(ledger.ConnectionString,
            ("Auth:IssuerKeyFiles:0", keyFile), ("Auth:Issuer", "https://idp.example.org"), ("Auth:Audience", "regionlock-ledger-prod"));

        async Task<HttpStatusCode> ReadPolicyWith(string issuer, string algorithm)
        {
            var client = service.Server.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JsonWebTokenHandler().CreateToken(
                new SecurityTokenDescriptor
                {
                    Issuer = issuer,
                    Audience = "regionlock-ledger-prod",
                    Subject = new ClaimsIdentity([new Claim("sub", "auditor@example.org"), new Claim("role", Role.Auditor)]),
                    Expires = DateTime.UtcNow.AddMinutes(5),
                    SigningCredentials = algorithm == SecurityAlgorithms.HmacSha256
                        ? new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), algorithm)
                        : new SigningCredentials(new RsaSecurityKey(provider), algorithm),
                }));
            return (await client.GetAsync("/api/policy")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ReadPolicyWith("https://idp.example.org", SecurityAlgorithms.RsaSha256));
        Assert.Equal(HttpStatusCode.OK, await ReadPolicyWith("https://idp.example.org", SecurityAlgorithms.RsaSsaPssSha256));
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadPolicyWith("https://other.example.org", SecurityAlgorithms.RsaSha256));
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadPolicyWith("https://idp.example.org", SecurityAlgorithms.HmacSha256));
    }

    [Fact]
    public void every_endpoint_of_the_api_names_its_roles()
    {
        var endpoints = ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true).ToList();

        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} API endpoints found");
        Assert.All(endpoints, e => Assert.True(e.Metadata.GetMetadata<AllowAttribute>() is not null,
                                              $"{e.DisplayName} names no roles"));
    }
}
