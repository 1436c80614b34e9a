using System.Text.Json;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Infrastructure.Problems;

/// <summary>
/// Writes a problem document as application/problem+json whatever the request's Accept header says. ASP.NET Core's
/// own writer declines requests that accept no JSON (a browser's text/html, text/csv, application/zip), and a refusal
/// then became a 500 or an empty body; a refusal is always worth a readable document. Registered after the default
/// writer, so it answers only what that one declines.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        context.ProblemDetails.Status = status;
        context.ProblemDetails.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var response = context.HttpContext.Response;
        response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(response.Body, context.ProblemDetails, json.Value.SerializerOptions,
                                            context.HttpContext.RequestAborted);
    }
}
