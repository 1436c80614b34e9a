using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Access;

/// <summary>Which bearer tokens are trusted, as configured (section <c>Auth</c>); <see cref="AccessSettings"/> resolves the keys.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>The identity provider whose OpenID metadata gives the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Whether the authority's metadata must come over HTTPS (the default). Off only for an identity provider on this
    /// machine's loopback, as the tests run one.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>PEM public keys of the issuer, where it publishes no metadata.</summary>
    public string[] IssuerKeyFiles { get; set; } = [];

    /// <summary>The expected issuer; the authority's, or the ledger's own.</summary>
    public string? Issuer { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Auth:Audience must name the audience tokens are issued for")]
    public string Audience { get; set; } = AccessSettings.DefaultAudience;

    /// <summary>The ECDSA P-256 key the `token` command signs with; locally .data/keys/token-signing.pem.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Create a missing signing key file (local use); by default only in Development.</summary>
    public bool? CreateDevelopmentKey { get; set; }
}
