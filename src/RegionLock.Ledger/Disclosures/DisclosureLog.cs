using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Disclosures;

/// <summary>
/// Records what the ledger hands out, on the disclosures stream, before the caller receives it: a report or export
/// the log cannot record is not handed out.
/// </summary>
public sealed class DisclosureLog(IDocumentStore store, ReportSessions reports)
{
    public const string Stream = "disclosures";

    public async Task Record(object disclosed, Actor actor, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        Append(session, disclosed, actor);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Adds the disclosure to a unit of work that commits it with other events.</summary>
    public static void Append(IDocumentSession session, object disclosed, Actor actor) =>
        session.Events.Append(Stream, CommandMetadata.ActorEvent(disclosed, actor));

    /// <summary>
    /// Writes a report file in the asked-for format to <paramref name="path"/>, hashed as its rows stream, and records it
    /// as disclosed to the actor.
    /// </summary>
    public async Task DiscloseReport(string report, string format, ReportRequest request, Actor actor, string path,
                                     CancellationToken cancellation)
    {
        await using var reading = await reports.Open(request.AsKnownAt, cancellation);
        var rows = await ReportCatalogue.Stream(report, reading.Session, request, cancellation);
        await using var file = DigestedFile.Create(path);
        await rows.WriteTo([(file.Stream, format)], cancellation);
        var digest = await file.Close(cancellation);
        await Record(new ReportDisclosed(Guid.CreateVersion7(), report, format, request, digest.Sha256), actor, cancellation);
    }

    public async Task<Disclosure> Find(Guid id, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Disclosure>(id, cancellation) ?? throw new NotInLedger($"disclosure {id} is not in the ledger");
    }

    /// <summary>The export a delta is built against, named by its manifest's SHA-256: one of this ledger's, of the same report.</summary>
    public async Task<Disclosure> ExportBase(string manifestSha256, string report, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var earlier = await session.Query<Disclosure>()
                          .FirstOrDefaultAsync(d => d.Sha256 == manifestSha256 && d.Kind == Disclosure.ExportKind, cancellation)
                      ?? throw new NotInLedger($"'since' names manifest {manifestSha256}, which no export in the disclosure log has");
        return earlier.Report == report ? earlier
            : throw new BadHttpRequestException(
                $"'since' names an export of {earlier.Report}, not of {report}: a delta is taken against the same report", 400);
    }
}
