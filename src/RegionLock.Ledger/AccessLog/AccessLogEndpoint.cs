namespace RegionLock.Ledger.AccessLog;

/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
public sealed record AccessLogPage(IReadOnlyList<AccessEntry> Entries, Guid? Next);

public static class AccessLogEndpoint
{
    /// <summary>Who read what, oldest first, optionally recorded within [from, to).</summary>
    [Allow(Role.Auditor)]
    [WolverineGet("/api/access-log"), ProducesResponseType<AccessLogPage>(200)]
    public static async Task<AccessLogPage> Get([FromQuery] string? from, [FromQuery] string? to, [FromQuery] Guid? after,
                                                IQuerySession session, CancellationToken cancellation)
    {
        var query = session.Query<AccessEntry>().AsQueryable();
        if (Instant.ParseDateOrInstant(from, "from") is { } start) query = query.Where(a => a.RecordedAt >= start);
        if (Instant.ParseDateOrInstant(to, "to") is { } end) query = query.Where(a => a.RecordedAt < end);
        // Ids are version 7 UUIDs: their order is the order they were recorded in.
        var (entries, next) = await KeysetPage.Read(query, a => a.Id, after, cancellation);
        return new AccessLogPage(entries, next);
    }
}
