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

    /// <summary>
    /// A bound of a reporting period: an instant, or a calendar date (YYYY-MM-DD) meaning its first instant in UTC, as
    /// people write periods.
    /// </summary>
    public static DateTimeOffset? ParseDateOrInstant(string? text, string name)
    {
        if (text is { Length: 10 } &&
            DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new DateTimeOffset(date, TimeSpan.Zero);
        try
        {
            return ParseOptional(text, name);
        }
        catch (BadHttpRequestException)
        {
            throw new BadHttpRequestException(
                $"'{name}' must be a date (2021-09-15, midnight UTC) or an ISO 8601 instant such as 2021-09-15T00:00:00Z", 400);
        }
    }
}
