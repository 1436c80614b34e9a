using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// An OpenID Connect provider on a loopback port, written from OpenID Connect Core 1.0 and Discovery 1.0 and RFC 7636
/// (PKCE): discovery, its ES256 key set, the authorization endpoint (which signs in <see cref="NextUser"/> without
/// asking) and the token endpoint (client secret, code, PKCE verifier checked). It also mints access tokens for the
/// API, as the organisation's provider would.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "regionlock-console";
    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    public string Url { get; } = $"http://127.0.0.1:{ServiceProcess.FreePort()}";

    /// <summary>Who the next sign-in is, with the role claims the ID token carries.</summary>
    public (string Subject, string[] Roles) NextUser { get; set; } = ("officer@idp", ["compliance"]);

    private readonly ECDsaSecurityKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (string RedirectUri, string Challenge, string? Nonce, string Subject, string[] Roles)> _codes = new();
    private WebApplication _http = null!;

    public static async Task<TestIdentityProvider> Start()
    {
        var provider = new TestIdentityProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(provider.Url);
        builder.Logging.ClearProviders();
        var app = provider._http = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Url, ["authorization_endpoint"] = $"{provider.Url}/authorize",
            ["token_endpoint"] = $"{provider.Url}/token", ["jwks_uri"] = $"{provider.Url}/jwks",
            ["response_types_supported"] = new[] { "code" }, ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" }, ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", provider.KeySet);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.Token);
        await app.StartAsync();
        return provider;
    }

    private IResult KeySet()
    {
        var point = _key.ECDsa.ExportParameters(false).Q;
        return Results.Json(new { keys = new[] { new Dictionary<string, string>
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = _key.KeyId,
            ["x"] = Base64UrlEncoder.Encode(point.X), ["y"] = Base64UrlEncoder.Encode(point.Y),
        } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || !query["scope"].ToString().Split(' ').Contains("openid"))
            return Results.BadRequest("not a request of the console's client");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (query["redirect_uri"]!, query["code_challenge"]!, query["nonce"], NextUser.Subject, NextUser.Roles);
        return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}");
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var granted)
            || form["redirect_uri"] != granted.RedirectUri
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != granted.Challenge)
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        var claims = new Dictionary<string, object> { ["sub"] = granted.Subject, ["role"] = granted.Roles };
        if (granted.Nonce is not null) claims["nonce"] = granted.Nonce;
        return Results.Json(new
        {
            id_token = Mint(ClientId, claims), access_token = Mint(ClientId, new Dictionary<string, object> { ["sub"] = granted.Subject }),
            token_type = "Bearer", expires_in = 300,
        });
    }

    /// <summary>An access token for an audience, with role claims, as the provider issues to the API's clients.</summary>
    public string AccessToken(string audience, string subject, params string[] roles) =>
        Mint(audience, new Dictionary<string, object> { ["sub"] = subject, ["role"] = roles });

    private string Mint(string audience, Dictionary<string, object> claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Url, Audience = audience, Claims = claims, IssuedAt = DateTime.UtcNow, Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        });

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}
