using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RegionLock.Ledger.Access;

/// <summary>
/// The JWT handler, remembering the tokens it found valid: a caller sends the same token with every request for its
/// lifetime, and verifying its signature each time is the largest part of a request's authentication. A valid token is
/// remembered by its SHA-256 until it expires, at most five minutes, so it is verified again at least that often;
/// a token that fails is never remembered. Each request gets its own copy of the token's identity.
/// </summary>
public sealed class ValidatedTokens : TokenHandler
{
    private static readonly TimeSpan MostRemembered = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters parameters)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (_valid.TryGetValue(key, out TokenValidationResult? remembered) && remembered is not null) return Copy(remembered);

        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid)
        {
            var until = DateTimeOffset.UtcNow + MostRemembered;
            if (result.SecurityToken.ValidTo is var expires && expires != DateTime.MinValue && expires < until) until = expires;
            _valid.Set(key, result, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
        return result;
    }

    public override SecurityToken ReadToken(string token) => _handler.ReadToken(token);

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };
}
