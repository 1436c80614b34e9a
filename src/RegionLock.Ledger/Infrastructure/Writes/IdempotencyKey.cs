using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// The Idempotency-Key header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a retry with the key of
/// a committed write gets that write's first answer, byte for byte; the key with another request is a 422; a retry
/// racing the first is a 409. Wolverine's HTTP chains have no idempotency of their own (its deduplication is for
/// messages), so these two steps are placed in every write's chain by <see cref="WritePipelinePolicy"/>.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxLength = 255;

    /// <summary>The key of the write in flight, held by the request until its answer is recorded.</summary>
    private sealed record Claim(string Id, string RequestHash);

    /// <summary>
    /// The write's first step: a key seen before answers for the request; a new one is claimed for the last step.
    /// </summary>
    public static async Task<IResult> Check(HttpContext context, IDocumentSession session,
                                            IOptions<IdempotencySettings> settings, TimeProvider clock)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0) return WolverineContinue.Result();
        if (key.Length > MaxLength || key.Any(c => c is < '!' or > '~'))
            return Results.Problem(statusCode: 400, title: "Invalid Idempotency-Key",
                                   detail: $"the key must be 1 to {MaxLength} visible ASCII characters");

        var claim = new Claim(Sha256($"{Actor.Of(context).Principal}\n{key}"), await HashRequest(context.Request));
        if (await session.LoadAsync<IdempotentRequest>(claim.Id, context.RequestAborted) is { } earlier)
        {
            if (!earlier.ExpiredAt(clock.GetUtcNow(), settings.Value.Retention))
                return earlier.RequestHash == claim.RequestHash
                    ? new Replay(earlier)
                    : Results.Problem(statusCode: 422, title: "Idempotency-Key reused",
                                      detail: "this key was used for a different request; use a new key for a new request");
            session.Delete(earlier); // remembered long enough: the key is free for a new request
        }
        context.Features.Set(claim);
        return WolverineContinue.Result();
    }

    /// <summary>
    /// The write's last step before its commit: the answer is recorded with the claim, in the same transaction as
    /// the events, so a key is never applied twice and never applied without its answer.
    /// </summary>
    public static async Task Record<T>(HttpContext context, IDocumentSession session, T answer, TimeProvider clock)
    {
        if (context.Features.Get<Claim>() is not { } claim) return;
        // The answer is written the way the endpoint will write it (a result as itself, an object as JSON).
        var written = new DefaultHttpContext { RequestServices = context.RequestServices };
        using var body = new MemoryStream();
        written.Response.Body = body;
        await (answer as IResult ?? TypedResults.Json(answer)).ExecuteAsync(written);
        var location = written.Response.Headers.Location.ToString();
        session.Insert(new IdempotentRequest(claim.Id, claim.RequestHash, clock.GetUtcNow(), written.Response.StatusCode,
                                             written.Response.ContentType, location.Length > 0 ? location : null,
                                             body.ToArray()));
    }

    private static async Task<string> HashRequest(HttpRequest request)
    {
        // Read before Wolverine reads the body, so the body is kept for it.
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The first answer to a key, sent again.</summary>
    private sealed class Replay(IdempotentRequest earlier) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = earlier.Status;
            context.Response.Headers[ReplayedHeader] = "true";
            if (earlier.Location is not null) context.Response.Headers.Location = earlier.Location;
            if (earlier.ContentType is not null) context.Response.ContentType = earlier.ContentType;
            await context.Response.Body.WriteAsync(earlier.Body, context.RequestAborted);
        }
    }
}
