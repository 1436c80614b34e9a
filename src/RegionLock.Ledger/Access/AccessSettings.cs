using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Access;

/// <summary>
/// Which bearer tokens the ledger trusts. Production names its identity provider: <c>Auth:Authority</c> (its
/// OpenID metadata gives the keys) or <c>Auth:IssuerKeyFiles</c> (PEM public keys) with <c>Auth:Issuer</c>. The
/// ledger can also sign tokens itself with <c>Auth:SigningKeyFile</c> (the `token` command): locally that key is
/// generated on first use; no key is ever kept in the repository.
/// </summary>
public sealed class AccessSettings
{
    public const string DefaultIssuer = "regionlock-ledger";
    public const string DefaultAudience = "regionlock-ledger";

    private AccessSettings(string issuer, string audience, string? authority, bool requireHttpsMetadata,
                           IReadOnlyList<SecurityKey> issuerKeys, ECDsaSecurityKey? localKey, EcdsaSigningKey? tokenKey)
    {
        RequireHttpsMetadata = requireHttpsMetadata;
        TokenKey = tokenKey;
        Issuer = issuer;
        Audience = audience;
        Authority = authority;
        IssuerKeys = issuerKeys;
        LocalKey = localKey;
    }

    public string Issuer { get; }
    public string Audience { get; }
    public string? Authority { get; }
    public bool RequireHttpsMetadata { get; }

    /// <summary>Every key a token may be signed with (the local key's public half among them).</summary>
    public IReadOnlyList<SecurityKey> IssuerKeys { get; }

    /// <summary>The key the ledger signs tokens with, where it has one.</summary>
    public ECDsaSecurityKey? LocalKey { get; }

    /// <summary>The same local key as the key history records it.</summary>
    public EcdsaSigningKey? TokenKey { get; }

    public static AccessSettings From(AuthSettings auth, IHostEnvironment environment)
    {
        var (localKey, tokenKey) = LocalSigningKey(auth, environment);
        var keys = auth.IssuerKeyFiles.Select(PublicKey).ToList();
        if (localKey is not null) keys.Add(localKey);
        if (keys.Count == 0 && auth.Authority is null)
            throw new InvalidOperationException(
                "no token issuer is configured: set Auth:Authority, Auth:IssuerKeyFiles or Auth:SigningKeyFile");
        return new AccessSettings(auth.Issuer ?? auth.Authority ?? DefaultIssuer, auth.Audience, auth.Authority,
                                  auth.RequireHttpsMetadata, keys, localKey, tokenKey);
    }

    private static (ECDsaSecurityKey?, EcdsaSigningKey?) LocalSigningKey(AuthSettings auth, IHostEnvironment environment)
    {
        if (auth.SigningKeyFile is null && !environment.IsDevelopment()) return (null, null);
        var (_, pem) = KeyFiles.Configured(auth.SigningKeyFile, auth.CreateDevelopmentKey, environment,
                                           "token-signing.pem", EcdsaSigningKey.Generate, "Auth:SigningKeyFile");
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return (new ECDsaSecurityKey(key) { KeyId = KeyId(key.ExportSubjectPublicKeyInfo()) },
                new EcdsaSigningKey(Integrity.Keys.SigningKeyKind.Token, pem));
    }

    // An issuer's public key in PEM: ECDSA or RSA, as identity providers publish them.
    private static SecurityKey PublicKey(string file)
    {
        var pem = File.ReadAllText(file);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa) { KeyId = KeyId(ecdsa.ExportSubjectPublicKeyInfo()) };
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = KeyId(rsa.ExportSubjectPublicKeyInfo()) };
        }
    }

    private static string KeyId(byte[] subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];
}
