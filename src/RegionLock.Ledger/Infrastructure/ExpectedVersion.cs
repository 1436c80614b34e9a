using JasperFx.Events;
using RegionLock.Ledger.Infrastructure.Problems;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Optimistic concurrency from the client's side, as RFC 9110 §13.1.1 defines If-Match: the write applies only if the
/// stream's current version is one of the listed entity tags (<c>"3"</c>), compared strongly, so a weak tag
/// (<c>W/"3"</c>) never matches; <c>*</c> matches any existing stream. A failed condition is a 412. The aggregate
/// handler workflow then guards the gap between this check and the commit (a race lost there is a 409).
/// </summary>
public static class ExpectedVersion
{
    public const string Header = "If-Match";

    public static void Check<T>(string? ifMatch, IEventStream<T> stream) where T : notnull
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return;
        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries).Select(Parse).ToList();
        if (tags.Any(tag => tag is { Weak: false } && tag.Version == stream.StartingVersion)) return;
        throw new PreconditionFailed(
            $"{Header} {ifMatch.Trim()} does not match the stream's current version \"{stream.StartingVersion}\"" +
            (tags.Any(tag => tag.Weak) ? " (a weak tag never matches: If-Match compares strongly)" : ""));
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
