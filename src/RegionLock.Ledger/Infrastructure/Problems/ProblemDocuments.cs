using Microsoft.AspNetCore.Http.Features;

namespace RegionLock.Ledger.Infrastructure.Problems;

/// <summary>Every RFC 9457 problem document names the request it answers, so an on-call engineer can find it in the logs.</summary>
public static class ProblemDocuments
{
    public static void Customize(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= $"{http.Request.Method} {http.Request.Path}";
            context.ProblemDetails.Extensions["traceId"] =
                http.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? http.TraceIdentifier;
        };
}
