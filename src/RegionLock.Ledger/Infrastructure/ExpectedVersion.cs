using JasperFx.Events;
using RegionLock.Ledger.Infrastructure.Problems;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Optimistic concurrency from the client's side: a write that carries If-Match: "&lt;version&gt;" applies only to that
/// version of the stream. The aggregate handler workflow then guards the gap between reading and committing.
/// </summary>
public static class ExpectedVersion
{
    public const string Header = "If-Match";

    public static void Check<T>(string? ifMatch, IEventStream<T> stream) where T : notnull
    {
        if (string.IsNullOrEmpty(ifMatch) || ifMatch == "*") return;
        var tag = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
        if (!long.TryParse(tag.Trim('"'), out var expected) || expected < 0)
            throw new BadHttpRequestException($"{Header} must be a stream version such as \"3\"", 400);
        if (expected != stream.StartingVersion)
            throw new DomainConflict(
                $"stale version: the request expects version {expected}, the stream is at version {stream.StartingVersion}");
    }
}
