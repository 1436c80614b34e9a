using System.Globalization;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>Whole numbers in query strings (page sizes, positions): out of range or not a number is a 400, never a guess.</summary>
public static class QueryNumber
{
    public static long? Parse(string? text, string name, long min, long max)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        throw new BadHttpRequestException($"'{name}' must be a whole number from {min} to {max}", 400);
    }
}
