using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace RegionLock.Ledger.Access;

/// <summary>
/// Writes per principal: a token bucket each (ASP.NET Core's rate limiter), so that one runaway client cannot crowd
/// out the others. Refused writes are 429 problems with Retry-After, and append nothing.
/// </summary>
public static class WriteRateLimit
{
    public const string Policy = "writes-per-principal";

    public static void AddWriteRateLimit(this WebApplicationBuilder builder, LimitSettings limits)
    {
        var (perSecond, burst) = (limits.WritesPerSecondPerPrincipal, limits.WriteBurst);
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            options.OnRejected = async (rejected, cancellation) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Title = "Too many writes",
                        Detail = $"at most {perSecond} writes a second per principal (bursts of {burst}); nothing was recorded, retry after {response.Headers.RetryAfter}s",
                    },
                });
            };
        });
    }
}

/// <summary>Puts every write endpoint under <see cref="WriteRateLimit.Policy"/>.</summary>
public sealed class WriteRateLimitPolicy : Wolverine.Http.IHttpPolicy
{
    public void Apply(IReadOnlyList<Wolverine.Http.HttpChain> chains, JasperFx.CodeGeneration.GenerationRules rules,
                      JasperFx.IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST")))
            chain.Metadata.RequireRateLimiting(WriteRateLimit.Policy);
    }
}
