using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace RegionLock.Ledger.Infrastructure.Problems;

/// <summary>
/// Every RFC 9457 problem document names the request it answers, so an on-call engineer can find it in the logs, and
/// speaks of the request, never of the service's .NET types (the JSON reader names them in its messages).
/// </summary>
public static partial class ProblemDocuments
{
    public static void Customize(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= $"{http.Request.Method} {http.Request.Path}";
            context.ProblemDetails.Extensions["traceId"] =
                http.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? http.TraceIdentifier;
            if (context.ProblemDetails.Detail is { } detail) context.ProblemDetails.Detail = InTheRequestsWords(detail);
        };

    /// <summary>A problem's detail without .NET type names: what the JSON reader says, told in terms of the body.</summary>
    public static string InTheRequestsWords(string detail)
    {
        if (DuplicateProperty().Match(detail) is { Success: true } duplicate)
            return $"the property '{duplicate.Groups["name"].Value}' appears more than once in a JSON object: each may appear once";
        if (NotConvertible().Match(detail) is { Success: true } value)
            return $"the JSON value at {value.Groups["path"].Value} is not of the type that property takes " +
                   $"(line {value.Groups["line"].Value}, byte {value.Groups["byte"].Value})";
        return DotNetName().Replace(detail, "the request body");
    }

    [GeneratedRegex(@"[Dd]uplicate property '(?<name>[^']*)'")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex(@"could not be converted to \S+?\. Path: (?<path>\S*) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"'?\b(?:RegionLock|System|Microsoft|JasperFx|Wolverine|Marten|Weasel|Npgsql)(?:\.[\w`\[\],]+)+'?")]
    private static partial Regex DotNetName();
}
