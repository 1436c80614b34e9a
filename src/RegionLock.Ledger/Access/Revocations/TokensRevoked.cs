namespace RegionLock.Ledger.Access.Revocations;

/// <summary>Bearer tokens revoked: the one of <paramref name="TokenId"/>, or those of <paramref name="Subject"/> issued before <paramref name="IssuedBefore"/>.</summary>
public sealed record TokensRevoked(Guid RevocationId, string? TokenId, string? Subject, DateTimeOffset? IssuedBefore,
                                  string Reason, DateTimeOffset EffectiveAt) : ITakesEffect;
