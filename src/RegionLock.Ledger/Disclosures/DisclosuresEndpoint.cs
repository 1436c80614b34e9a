using RegionLock.Ledger.Exports;

namespace RegionLock.Ledger.Disclosures;

/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
public sealed record DisclosuresPage(IReadOnlyList<Disclosure> Disclosures, Guid? Next);

public static class DisclosuresEndpoint
{
    /// <summary>What the ledger handed out, oldest first, optionally recorded within [from, to).</summary>
    [Allow(Role.Auditor, Role.Compliance)]
    [WolverineGet("/api/disclosures"), ProducesResponseType<DisclosuresPage>(200)]
    public static async Task<DisclosuresPage> Get([FromQuery] string? from, [FromQuery] string? to, [FromQuery] Guid? after,
                                                  IQuerySession session, CancellationToken cancellation)
    {
        var query = session.Query<Disclosure>().AsQueryable();
        if (Instant.ParseDateOrInstant(from, "from") is { } start) query = query.Where(d => d.RecordedAt >= start);
        if (Instant.ParseDateOrInstant(to, "to") is { } end) query = query.Where(d => d.RecordedAt < end);
        // Ids are version 7 UUIDs: their order is the order they were recorded in.
        var (disclosures, next) = await KeysetPage.Read(query, d => d.Id, after, cancellation);
        return new DisclosuresPage(disclosures, next);
    }

    [Allow(Role.Auditor, Role.Compliance)]
    [WolverineGet("/api/disclosures/{id}"), ProducesResponseType<Disclosure>(200)]
    public static Task<Disclosure> GetOne(string id, DisclosureLog log, CancellationToken cancellation) =>
        log.Find(Id(id), cancellation);

    /// <summary>The bundle an export disclosure recorded, built again: the same bytes, or a 409 saying the ledger changed.</summary>
    [Allow(Role.Auditor, Role.Compliance)]
    [AsksNoChange]
    [RecordsAccess("export_reproduction", "id")]
    [WolverinePost("/api/disclosures/{id}/reproduction"), ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Reproduce(string id, Exporting exporting, HttpContext context, CancellationToken cancellation)
    {
        using var folder = new TemporaryFolder();
        return await ExportEndpoint.Bundle(await exporting.Reproduce(Id(id), Actor.Of(context), folder.File("bundle"), cancellation),
                                           folder, cancellation);
    }

    private static Guid Id(string id) =>
        Guid.TryParse(id, out var guid) ? guid : throw new NotInLedger($"disclosure {id} is not in the ledger");
}
