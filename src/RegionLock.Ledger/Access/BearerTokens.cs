using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace RegionLock.Ledger.Access;

/// <summary>Every request carries a bearer token (ASP.NET Core's JWT handler checks it); endpoints name their roles.</summary>
public static class BearerTokens
{
    public const string NameClaim = "sub";
    public const string RoleClaim = "role";

    /// <summary>The API's scheme: the request's bearer token, or the console's cookie where it has none.</summary>
    public const string Scheme = "ledger";

    // Asymmetric signatures only: a shared secret would let every service that checks tokens also mint them.
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    ];

    public static AuthSettings AddLedgerAccess(this WebApplicationBuilder builder)
    {
        var auth = builder.AddSettings<AuthSettings>(AuthSettings.Section);
        builder.Services.AddSingleton(services => AccessSettings.From(auth, services.GetRequiredService<Integrity.Keys.ISigningKeys>()));
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<Revocations.RevocationList>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Revocations.RevocationList>());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token, or the console's cookie", options =>
            {
                // The console's pages call the same endpoints with their cookie (and an antiforgery token, see
                // ConsoleRequests): same roles, same validation, same record of who did what. Refusals stay the API's.
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(WebConsole.ConsoleSetup.CookieName)
                        ? WebConsole.ConsoleSetup.Scheme : JwtBearerDefaults.AuthenticationScheme;
                options.ForwardChallenge = JwtBearerDefaults.AuthenticationScheme;
                options.ForwardForbid = JwtBearerDefaults.AuthenticationScheme;
            })
            .AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new ValidatedTokens());
            // A revoked token is refused on every node within seconds (RevocationList), whatever its signature says.
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var token = context.SecurityToken as Microsoft.IdentityModel.JsonWebTokens.JsonWebToken;
                    var why = context.HttpContext.RequestServices.GetRequiredService<Revocations.RevocationList>()
                        .WhyRevoked(token?.Id is { Length: > 0 } id ? id : null, context.Principal?.FindFirst(NameClaim)?.Value,
                                    token?.IssuedAt is { } issued && issued != DateTime.MinValue ? new DateTimeOffset(issued, TimeSpan.Zero) : DateTimeOffset.MinValue);
                    if (why is not null) context.Fail(new Revocations.TokenRevokedException(why));
                    return Task.CompletedTask;
                },
            };
        });
        // The keys come from the service's signing keys (the local token key's public half): resolved at start, so
        // that a service trusting no issuer does not start.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AccessSettings>((options, settings) =>
        {
            options.Authority = settings.Authority;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKeys = settings.IssuerKeys,
                ValidAlgorithms = Algorithms,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = NameClaim,
                RoleClaimType = RoleClaim,
            };
        }).ValidateOnStart();
        // Nothing is open unless it says so (health, the API description).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return auth;
    }
}
