using System.Globalization;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>Instants in query strings: ISO 8601 with an offset, refused with a 400 rather than silently ignored.</summary>
public static class Instant
{
    public static DateTimeOffset? ParseOptional(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            && text.Contains('T'))
            return instant.ToUniversalTime();
        throw new BadHttpRequestException($"'{name}' must be an ISO 8601 instant such as 2021-09-15T00:00:00Z", 400);
    }
}
