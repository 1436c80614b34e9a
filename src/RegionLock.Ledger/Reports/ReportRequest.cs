using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Reports;

/// <summary>
/// What a report covers: a business period [From, To), optionally one region (and the regions inside it), and
/// "as known at" an instant: only events the ledger had recorded by then count, so that a report can be reproduced
/// byte for byte later, whatever arrived since.
/// </summary>
public sealed record ReportRequest(DateTimeOffset From, DateTimeOffset To, string? Region, DateTimeOffset AsKnownAt)
{
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(3660);

    public static ReportRequest Parse(string? from, string? to, string? region, string? asKnownAt, DateTimeOffset now)
    {
        var start = Instant.ParseDateOrInstant(from, "from") ?? throw Bad("'from' is required (a date or an ISO 8601 instant)");
        var end = Instant.ParseDateOrInstant(to, "to") ?? throw Bad("'to' is required (a date or an ISO 8601 instant)");
        if (end <= start) throw Bad("'to' must be after 'from'");
        if (end - start > LongestPeriod) throw Bad($"a report covers at most {LongestPeriod.TotalDays:N0} days");
        if (region is not null && !RegionCatalogue.Shared.IsKnown(region))
            throw Bad($"'{region}' is not an ISO 3166-1 alpha-2 or ISO 3166-2 code");
        return new ReportRequest(start, end, region, Instant.ParseOptional(asKnownAt, "asKnownAt") ?? now);
    }

    public bool Covers(DateTimeOffset instant) => instant >= From && instant < To;

    public bool Includes(string region) =>
        Region is null || RegionCatalogue.Shared.IsWithin(region, Region);

    private static BadHttpRequestException Bad(string message) => new(message, 400);
}
