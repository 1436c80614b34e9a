using Microsoft.Net.Http.Headers;

namespace RegionLock.Ledger.Infrastructure.Problems;

/// <summary>
/// Wolverine reads a JSON request body only for a client whose Accept header takes JSON, and answers anyone else
/// 406, even where the answer is no JSON at all (an export's zip). The ledger's answers are what each endpoint
/// produces, and its refusals are problem documents in JSON whatever was asked for, so a request that accepts no
/// JSON is read as also accepting it, at the lowest weight.
/// </summary>
public sealed class AcceptAnyAnswer(RequestDelegate next)
{
    private const string Json = "application/json;q=0.001";

    public Task InvokeAsync(HttpContext context)
    {
        var accept = context.Request.Headers.Accept;
        if (accept.Count > 0 && MediaTypeHeaderValue.TryParseList(accept, out var types) &&
            !types.Any(type => type.MatchesAllTypes || type.MediaType.Value is "application/*" || type.Suffix.Value == "json" ||
                               type.SubType.Value == "json"))
            context.Request.Headers.Accept = $"{accept}, {Json}";
        return next(context);
    }
}
