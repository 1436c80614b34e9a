using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// Optimistic concurrency from the client's side, as RFC 9110 §13.1.1 defines If-Match: the write applies only if the
/// stream's current version is one of the listed entity tags (<c>"3"</c>), compared strongly, so a weak tag
/// (<c>W/"3"</c>) never matches; <c>*</c> matches any existing stream. A failed condition is a 412, a missing one a
/// 428 where <see cref="HttpWriteSettings.RequireIfMatch"/> asks for it. The aggregate handler workflow then guards
/// the gap between this check and the commit (a race lost there is a 409).
/// </summary>
public static class ExpectedVersion
{
    public const string Header = "If-Match";

    /// <summary>The condition of a write to the stream <paramref name="stream"/>.</summary>
    public static void Check<T>(HttpContext context, IEventStream<T> stream, IOptions<HttpWriteSettings> settings)
        where T : notnull
    {
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0)
        {
            if (settings.Value.RequireIfMatch)
                throw new PreconditionRequired($"this write needs {Header} with the stream's current version, such as \"{stream.StartingVersion}\"");
            return;
        }
        if (ifMatch == "*")
        {
            if (stream.StartingVersion > 0) return;
            throw new PreconditionFailed($"{Header} * needs an existing stream, and this one has no events yet");
        }
        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries).Select(Parse).ToList();
        if (tags.Any(tag => tag is { Weak: false } && tag.Version == stream.StartingVersion)) return;
        throw new PreconditionFailed(
            $"{Header} {ifMatch} does not match the stream's current version \"{stream.StartingVersion}\"" +
            (tags.Any(tag => tag.Weak) ? " (a weak tag never matches: If-Match compares strongly)" : ""));
    }

    /// <summary>
    /// The condition of a write that reads no stream to change (it starts one, or asks for work on many): no version
    /// exists that a tag could match.
    /// </summary>
    public static void CheckWithoutStream(HttpContext context)
    {
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0)
            throw new PreconditionFailed($"{Header} {ifMatch} cannot match: this write changes no existing stream, so it has no version to compare");
    }

    private static (bool Weak, long Version) Parse(string tag)
    {
        var weak = tag.StartsWith("W/", StringComparison.Ordinal);
        var opaque = weak ? tag[2..] : tag;
        if (opaque.Length < 3 || opaque[0] != '"' || opaque[^1] != '"' ||
            !long.TryParse(opaque[1..^1], System.Globalization.NumberStyles.None, null, out var version))
            throw new BadHttpRequestException($"{Header} must list stream versions as entity tags, such as \"3\"", 400);
        return (weak, version);
    }
}
