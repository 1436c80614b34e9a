using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace RegionLock.Ledger.WebConsole;

/// <summary>
/// The compliance console at /console: server-rendered Razor Pages behind a cookie of their own (Secure, HttpOnly,
/// SameSite=Strict), antiforgery on every form, assets served locally, and a Content-Security-Policy without inline
/// script. Roles are checked on the server, page by page, with the same role names as the API's.
/// </summary>
public static class ConsoleSetup
{
    public const string Scheme = "console";
    public const string Policy = "console";
    public const string CookieName = "regionlock-console";
    public const string AntiforgeryHeader = "RequestVerificationToken";
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void AddLedgerConsole(this WebApplicationBuilder builder, AuthSettings auth)
    {
        var settings = builder.AddSettings<ConsoleSettings>(ConsoleSettings.Section);
        var developmentSignIn = settings.DevelopmentSignIn ?? builder.Environment.IsDevelopment();
        var authentication = builder.Services.AddAuthentication();
        var identityProvider = authentication.AddIdentityProviderSignIn(settings.OpenIdConnect, auth);
        builder.Services.AddSingleton(new ConsoleSignIn(developmentSignIn, identityProvider));
        authentication.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.LoginPath = "/console/sign-in";
            options.AccessDeniedPath = "/console/forbidden";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            // A session is a token too: a subject's revocation ends the sessions it signed in before it.
            options.Events.OnValidatePrincipal = async context =>
            {
                var revocations = context.HttpContext.RequestServices.GetRequiredService<Access.Revocations.RevocationList>();
                if (revocations.WhyRevoked(null, context.Principal?.Identity?.Name, context.Properties.IssuedUtc ?? DateTimeOffset.MinValue) is null) return;
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        builder.Services.AddAntiforgery(options =>
        {
            // Secure wherever the request came over TLS (behind a proxy that ends TLS, with the forwarded headers
            // enabled: operations.md); antiforgery refuses to issue a Secure cookie on a plain-HTTP request, as on the
            // loopback. The session cookie itself is always Secure.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.HeaderName = AntiforgeryHeader;
        });
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/WebConsole/Pages";
            options.Conventions.AuthorizeFolder("/", Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Forbidden");
            options.Conventions.AllowAnonymousToPage("/SignedIn");
            // Every page lives under /console.
            options.Conventions.AddFolderRouteModelConvention("/", model =>
            {
                foreach (var selector in model.Selectors)
                    selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates("console", selector.AttributeRouteModel.Template);
            });
        });
    }

    /// <summary>Before authentication: the console's security headers, and its assets (public, served from wwwroot).</summary>
    public static void UseLedgerConsoleAssets(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/console"))
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
            }
            await next();
        });
        app.UseStaticFiles();
    }

    public static void MapLedgerConsole(this WebApplication app) => app.MapRazorPages();
}

/// <summary>How people may sign in on this service: the development sign-in, the identity provider.</summary>
public sealed record ConsoleSignIn(bool DevelopmentSignIn, bool IdentityProvider);
