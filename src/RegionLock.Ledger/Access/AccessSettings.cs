using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using RegionLock.Ledger.Integrity.Keys;

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
                           IReadOnlyList<SecurityKey> issuerKeys, SecurityKey? localKey)
    {
        RequireHttpsMetadata = requireHttpsMetadata;
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

    /// <summary>The key the ledger signs tokens with, where it has one (signing through <see cref="ISigningKeys"/>).</summary>
    public SecurityKey? LocalKey { get; }

    public static AccessSettings From(AuthSettings auth, ISigningKeys signingKeys)
    {
        var tokenKey = signingKeys.Current(SigningKeyKind.Token);
        var keys = auth.IssuerKeyFiles.Select(PublicKey).ToList();
        if (tokenKey is not null) keys.Add(TokenSigning.PublicKey(tokenKey));
        if (keys.Count == 0 && auth.Authority is null)
            throw new InvalidOperationException(
                "no token issuer is configured: set Auth:Authority, Auth:IssuerKeyFiles or Auth:SigningKeyFile");
        return new AccessSettings(auth.Issuer ?? auth.Authority ?? DefaultIssuer, auth.Audience, auth.Authority,
                                  auth.RequireHttpsMetadata, keys, tokenKey is null ? null : TokenSigning.SigningKey(tokenKey));
    }

    // An issuer's public key in PEM: ECDSA or RSA, as identity providers publish them.
    private static SecurityKey PublicKey(string file)
    {
        var pem = File.ReadAllText(file);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa) { KeyId = Signatures.KeyId(ecdsa.ExportSubjectPublicKeyInfo()) };
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = Signatures.KeyId(rsa.ExportSubjectPublicKeyInfo()) };
        }
    }
}
