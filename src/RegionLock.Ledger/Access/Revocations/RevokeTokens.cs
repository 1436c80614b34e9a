using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Access.Revocations;

/// <summary>
/// Revokes one bearer token (by its <c>jti</c>) or every token of a subject issued before an instant (a stolen
/// laptop, a leaver): every node refuses them within seconds, until they would have expired anyway.
/// </summary>
public sealed record RevokeTokens(string? TokenId, string? Subject, DateTimeOffset? IssuedBefore, string Reason) : ICommandWithReason;

public sealed class RevokeTokensValidator : AbstractValidator<RevokeTokens>
{
    public RevokeTokensValidator()
    {
        RuleFor(c => c).Must(c => (c.TokenId is not null) != (c.Subject is not null))
            .OverridePropertyName("TokenId").WithMessage("name either a token (tokenId) or a subject (subject, issuedBefore)");
        RuleFor(c => c.TokenId!).Text(200).When(c => c.TokenId is not null);
        RuleFor(c => c.Subject!).Text(200).When(c => c.Subject is not null);
        RuleFor(c => c.IssuedBefore).NotNull().When(c => c.Subject is not null)
            .WithMessage("'issuedBefore' is required with a subject: the tokens issued before it are revoked");
        RuleFor(c => c.IssuedBefore).Null().When(c => c.TokenId is not null)
            .WithMessage("'issuedBefore' goes with a subject, not with a token id");
        RuleFor(c => c.Reason).Text(500);
    }
}

public static class Revoking
{
    public static TokensRevoked Decide(RevokeTokens command, Guid revocationId, DateTimeOffset now) =>
        new(revocationId, command.TokenId, command.Subject, command.IssuedBefore, command.Reason, now);
}

public static class RevokeTokensEndpoint
{
    [Allow(Role.Admin)]
    [WolverinePost("/api/access/revocations"), ProducesResponseType<TokensRevoked>(201)]
    public static IResult Post(RevokeTokens command, IDocumentSession session, TimeProvider clock)
    {
        var revoked = Revoking.Decide(command, Guid.CreateVersion7(), clock.GetUtcNow());
        session.Events.Append(RevocationList.Stream, revoked);
        return Results.Created($"/api/access/revocations/{revoked.RevocationId}", revoked);
    }
}
