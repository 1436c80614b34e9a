using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace RegionLock.Ledger.WebConsole;

/// <summary>
/// An API write carried by the console's cookie must also carry the antiforgery token the console's pages hold: a
/// cookie goes wherever the browser is sent, the token only with the console's own scripts. A bearer token needs none.
/// </summary>
public sealed class ConsoleRequests(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var scheme = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme;
        if (scheme == ConsoleSetup.Scheme && ApiWrites.Is(context.Request) && !await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = 403, Title = "Antiforgery token required",
                    Detail = $"a write signed in through the console's cookie must carry the console's antiforgery token in the {ConsoleSetup.AntiforgeryHeader} header",
                },
            });
            return;
        }
        await next(context);
    }
}
