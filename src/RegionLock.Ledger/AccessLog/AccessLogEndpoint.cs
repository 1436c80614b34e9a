namespace RegionLock.Ledger.AccessLog;

/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
public sealed record AccessLogPage(IReadOnlyList<AccessEntry> Entries, Guid? Next);

public static class AccessLogEndpoint
{
    public const int PageSize = 500;

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
        if (after is { } cursor) query = query.Where(a => a.Id > cursor);
        var page = await query.OrderBy(a => a.Id).Take(PageSize + 1).ToListAsync(cancellation);
        return new AccessLogPage(page.Take(PageSize).ToList(), page.Count > PageSize ? page[PageSize - 1].Id : null);
    }
}
