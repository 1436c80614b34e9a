using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace RegionLock.Ledger.WebConsole;

/// <summary>
/// People sign in to the console through the identity provider whose tokens the API trusts (<c>Auth:Authority</c>):
/// ASP.NET Core's OpenID Connect handler, authorization code with PKCE, the ID token checked against the provider's
/// keys. The console's cookie then holds the subject and the ledger's roles from the same <c>role</c> claims.
/// </summary>
public static class IdentityProviderSignIn
{
    public const string Scheme = "console-oidc";
    public const string CallbackPath = "/console/signin-oidc";

    public static bool AddIdentityProviderSignIn(this AuthenticationBuilder authentication, IdentityProviderSettings settings,
                                                 AuthSettings auth)
    {
        if (settings.ClientId is null) return false;
        if (auth.Authority is null)
            throw new InvalidOperationException("Console:OpenIdConnect:ClientId needs Auth:Authority, the identity provider the API trusts");
        authentication.AddOpenIdConnect(Scheme, options =>
        {
            options.SignInScheme = ConsoleSetup.Scheme;
            options.Authority = auth.Authority;
            options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecretFile is { } file ? File.ReadAllText(file).Trim() : null;
            options.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query: no form posted across sites, no script on the way.
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.UsePkce = true;
            options.CallbackPath = CallbackPath;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.Scope.Clear();
            options.Scope.Add("openid");
            foreach (var scope in settings.Scopes) options.Scope.Add(scope);
            options.TokenValidationParameters.NameClaimType = BearerTokens.NameClaim;
            options.TokenValidationParameters.RoleClaimType = BearerTokens.RoleClaim;
            options.Events.OnTicketReceived = context =>
            {
                context.Principal = Principal(context.Principal!);
                // The provider's redirect started this navigation on another site, so the browser would not send a
                // SameSite=Strict cookie along the redirect that follows: a page of ours continues from our own site.
                context.ReturnUri = $"/console/signed-in?to={Uri.EscapeDataString(context.ReturnUri ?? "/console")}";
                return Task.CompletedTask;
            };
        });
        return true;
    }

    /// <summary>The console's principal: the subject and the ledger's own roles, nothing else of the ID token.</summary>
    public static ClaimsPrincipal Principal(string subject, IEnumerable<string> roles) =>
        new(new ClaimsIdentity(roles.Where(Role.Staff.Contains).Distinct().Select(role => new Claim(BearerTokens.RoleClaim, role))
                .Prepend(new Claim(BearerTokens.NameClaim, subject)),
            ConsoleSetup.Scheme, BearerTokens.NameClaim, BearerTokens.RoleClaim));

    private static ClaimsPrincipal Principal(ClaimsPrincipal fromProvider) =>
        Principal(fromProvider.FindFirstValue(BearerTokens.NameClaim) ?? throw new InvalidOperationException("the ID token names no subject"),
                  fromProvider.FindAll(BearerTokens.RoleClaim).Select(c => c.Value));
}
