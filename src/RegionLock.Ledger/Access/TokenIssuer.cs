using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RegionLock.Ledger.Access;

/// <summary>Mints bearer tokens with the ledger's own signing key (ES256): for development, tests and the `token` command.</summary>
public sealed class TokenIssuer(AccessSettings settings, TimeProvider clock)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    public string Mint(string subject, IEnumerable<string> roles, TimeSpan lifetime)
    {
        var key = settings.LocalKey ?? throw new InvalidOperationException(
            "this ledger signs no tokens: set Auth:SigningKeyFile (tokens of an identity provider need none)");
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"a token lives up to {MaxLifetime.TotalDays} days");
        var unknown = roles.Except(Role.All).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown role(s): {string.Join(", ", unknown)}", nameof(roles));

        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            // jti: the id an administrator revokes one token by.
            Subject = new ClaimsIdentity([new Claim(BearerTokens.NameClaim, subject), new Claim("jti", Guid.CreateVersion7().ToString()),
                                          ..roles.Distinct().Select(role => new Claim(BearerTokens.RoleClaim, role))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
