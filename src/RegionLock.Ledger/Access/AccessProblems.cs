using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace RegionLock.Ledger.Access;

/// <summary>A refused token or a missing role is answered with a problem document that says which, like every other refusal.</summary>
public sealed class AccessProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
                                  PolicyAuthorizationResult result)
    {
        // The console's pages are for people: its cookie scheme sends them to sign in, or to its "not for your role" page.
        if (policy.AuthenticationSchemes.Contains(WebConsole.ConsoleSetup.Scheme))
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        if (result.Challenged)
        {
            // The handler keeps the result of this request's authentication: asking again costs nothing.
            var failure = (await context.AuthenticateAsync()).Failure;
            await context.ChallengeAsync(); // 401 with the handler's WWW-Authenticate header
            await Write(context, 401, "Not authenticated", WhyRefused(failure));
        }
        else if (result.Forbidden)
        {
            var permitted = context.GetEndpoint()?.Metadata.GetMetadata<AllowAttribute>()?.Permitted ?? Role.All;
            await Write(context, 403, "Role required",
                $"this requires the role {string.Join(" or ", permitted)}; the token of '{context.User.Identity?.Name}' holds " +
                (context.User.FindAll(BearerTokens.RoleClaim).Select(c => c.Value).ToList() is { Count: > 0 } held
                    ? string.Join(", ", held) : "no role"));
        }
        else
        {
            await _default.HandleAsync(next, context, policy, result);
        }
    }

    private static string WhyRefused(Exception? failure) => failure switch
        {
            null => "a bearer token is required (Authorization: Bearer ...)",
            Revocations.TokenRevokedException revoked => revoked.Message,
            SecurityTokenExpiredException expired => $"the bearer token expired at {expired.Expires:O}",
            SecurityTokenNotYetValidException => "the bearer token is not valid yet",
            SecurityTokenInvalidAudienceException => "the bearer token is meant for another audience",
            SecurityTokenInvalidIssuerException => "the bearer token was issued by an issuer this ledger does not trust",
            SecurityTokenInvalidAlgorithmException => "the bearer token's algorithm is not accepted (asymmetric signatures only)",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                "the bearer token's signature does not verify with the issuer's keys",
            _ => "the bearer token is not valid",
        };

    private async Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
