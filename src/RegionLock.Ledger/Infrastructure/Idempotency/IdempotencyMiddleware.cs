using System.Security.Cryptography;
using System.Text;
using Marten;
using JasperFx;

namespace RegionLock.Ledger.Infrastructure.Idempotency;

/// <summary>
/// Idempotent retries of writes (the Idempotency-Key header): the first request's response is recorded and replayed
/// to every retry with the same key and body; the same key with another body is a 409. The guarantee itself rests on
/// <see cref="IdempotencyClaim"/>. Written before Wolverine 6.45 brought [DeduplicatedWithResponse]; it stays until
/// that is shown to keep these guarantees (another body under a key refused, the claim committed with the events).
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, IDocumentStore store, IProblemDetailsService problems,
                                  ILogger<IdempotencyMiddleware> logger)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            await Refuse(context, problems, 400, "Invalid Idempotency-Key",
                $"the key must be 1 to {MaxKeyLength} visible ASCII characters");
            return;
        }

        var id = Sha256(Actor.Of(context).Principal, key);
        var requestHash = await HashRequest(context.Request);
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<IdempotentRequest>(id, context.RequestAborted) is { } earlier)
            {
                await Answer(context, problems, earlier, requestHash);
                return;
            }
        }

        var scope = IdempotencyScope.Begin(id, requestHash);
        var responseBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (DocumentAlreadyExistsException)
        {
            // A concurrent request with the same key committed first; this one appended nothing.
            context.Response.Body = responseBody;
            await Refuse(context, problems, 409, "Idempotency-Key in use",
                "a request with this key is being processed; retry to receive its response");
            return;
        }
        finally
        {
            IdempotencyScope.End();
            context.Response.Body = responseBody;
        }

        if (scope.Committed && context.Response.StatusCode is >= 200 and < 300)
        {
            try
            {
                await Complete(store, context, scope, Encoding.UTF8.GetString(buffer.ToArray()));
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The command is committed, so its answer stands; a retry with this key hears that it was applied (409).
                logger.LogWarning(failure, "the answer to idempotent request {Key} could not be recorded", key);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(responseBody, context.RequestAborted);
    }

    private static async Task Answer(HttpContext context, IProblemDetailsService problems, IdempotentRequest earlier,
                                     string requestHash)
    {
        if (earlier.RequestHash != requestHash)
        {
            await Refuse(context, problems, 409, "Idempotency-Key reused",
                "this key was used for a different request; use a new key for a new request");
            return;
        }
        if (!earlier.IsCompleted)
        {
            await Refuse(context, problems, 409, "Idempotency-Key in use",
                "the request with this key was applied but its response is not recorded yet; retry shortly");
            return;
        }

        context.Response.StatusCode = earlier.Status!.Value;
        context.Response.Headers[ReplayedHeader] = "true";
        if (earlier.Location is not null) context.Response.Headers.Location = earlier.Location;
        if (earlier.ContentType is not null) context.Response.ContentType = earlier.ContentType;
        await context.Response.WriteAsync(earlier.Body ?? "", context.RequestAborted);
    }

    private static async Task Complete(IDocumentStore store, HttpContext context, IdempotencyScope scope, string body)
    {
        await using var session = store.LightweightSession();
        var claim = await session.LoadAsync<IdempotentRequest>(scope.Id);
        if (claim is null) return;
        session.Store(claim with
        {
            Status = context.Response.StatusCode,
            ContentType = context.Response.ContentType,
            Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            Body = body,
        });
        await session.SaveChangesAsync();
    }

    private static async Task<string> HashRequest(HttpRequest request)
    {
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

    private static string Sha256(string principal, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{principal}\n{key}")));

    private static Task Refuse(HttpContext context, IProblemDetailsService problems, int status, string title,
                               string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
