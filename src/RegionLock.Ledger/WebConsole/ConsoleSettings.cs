namespace RegionLock.Ledger.WebConsole;

/// <summary>The browser console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleSettings
{
    public const string Section = "Console";

    /// <summary>
    /// The development sign-in (pick a subject and roles), for a machine of one's own: on in Development, off elsewhere
    /// unless set; every page then says so in a banner.
    /// </summary>
    public bool? DevelopmentSignIn { get; set; }

    /// <summary>Sign-in through the identity provider of <c>Auth:Authority</c>, the issuer the API trusts.</summary>
    public IdentityProviderSettings OpenIdConnect { get; set; } = new();
}

/// <summary>The console as a client of the organisation's OpenID Connect provider (section <c>Console:OpenIdConnect</c>).</summary>
public sealed class IdentityProviderSettings
{
    /// <summary>The console's client id at the provider; sign-in through the provider is on when it is set.</summary>
    public string? ClientId { get; set; }

    /// <summary>A file holding the client secret (kept out of configuration files).</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Scopes asked beyond openid; the provider must put the <c>role</c> claims in the ID token for them.</summary>
    public string[] Scopes { get; set; } = ["profile"];
}
