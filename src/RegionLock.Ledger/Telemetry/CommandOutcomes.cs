using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace RegionLock.Ledger.Telemetry;

/// <summary>
/// Counts every write to the API once its answer is final (first in the pipeline, so after the problem documents are
/// written): by the endpoint's route and an outcome named for what happened, not only its status code.
/// </summary>
public sealed class CommandOutcomes(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!ApiWrites.Is(request))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            // A request that ended in an exception is answered by the exception handler, which clears the endpoint.
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            LedgerMetrics.Commands.Add(1, new("endpoint", $"{request.Method} {route}"), new("outcome", Outcome(context.Response.StatusCode)));
        }
    }

    public static string Outcome(int status) => status switch
    {
        < 400 => "applied",
        400 or 422 => "invalid",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        412 => "stale_version",
        413 => "too_large",
        428 => "precondition_required",
        429 => "rate_limited",
        503 => "unavailable",
        >= 500 => "failed",
        _ => "refused",
    };
}
