using RegionLock.Ledger.Disclosures;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>What an export is for: the report and period, who receives it and why, and whether it is a delta.</summary>
/// <param name="Since">The SHA-256 of the earlier export's manifest a delta is taken against; a full export when null.</param>
public sealed record ExportOrder(string Report, ReportRequest Request, string Recipient, string Purpose, string? Since = null,
                                 Guid? ScheduleId = null);

/// <summary>A bundle's folder and the disclosure that recorded it.</summary>
public sealed record DisclosedExport(ExportDisclosed Disclosure, string Folder);

/// <summary>
/// Every export, from the API, the CLI or a schedule: the bundle is built, recorded as disclosed to its recipient for
/// its purpose, and only then handed over.
/// </summary>
public sealed class Exporting(ExportBundle bundle, DisclosureLog log)
{
    /// <param name="folder">Where the bundle's files are written.</param>
    /// <param name="session">A unit of work to record the disclosure in (a scheduled run's); its own otherwise.</param>
    public async Task<DisclosedExport> Export(ExportOrder order, Actor actor, string folder, CancellationToken cancellation,
                                              IDocumentSession? session = null)
    {
        var manifest = await Build(order, folder, cancellation);
        return await Disclose(order, folder, manifest, actor, cancellation, session);
    }

    /// <summary>
    /// The export a disclosure recorded, built again from its parameters: the same bytes, or a 409 if the ledger no
    /// longer gives them (its events changed since: run `verify`). The caller receiving it is a disclosure too.
    /// </summary>
    public async Task<DisclosedExport> Reproduce(Guid disclosureId, Actor actor, string folder, CancellationToken cancellation)
    {
        var record = await log.Find(disclosureId, cancellation);
        if (record.Kind != Disclosure.ExportKind) throw new NotInLedger($"disclosure {disclosureId} is a report file, not an export");
        var order = new ExportOrder(record.Report, record.Request, actor.Principal, $"reproduction of disclosure {disclosureId}", record.Since);
        var manifest = await Build(order, folder, cancellation);
        if (manifest != record.Sha256)
            throw new DomainConflict($"disclosure {disclosureId} handed out manifest {record.Sha256}; the ledger now gives {manifest}: " +
                                     "its events were changed since, run verify");
        return await Disclose(order, folder, manifest, actor, cancellation);
    }

    private async Task<string> Build(ExportOrder order, string folder, CancellationToken cancellation)
    {
        var basis = order.Since is null ? null : await log.ExportBase(order.Since, order.Report, cancellation);
        return await bundle.Write(folder, order.Report, order.Request, basis, cancellation);
    }

    private async Task<DisclosedExport> Disclose(ExportOrder order, string folder, string manifest, Actor actor,
                                                 CancellationToken cancellation, IDocumentSession? session = null)
    {
        var disclosed = new ExportDisclosed(Guid.CreateVersion7(), order.Report, order.Request, manifest, order.Recipient,
                                            order.Purpose, order.Since, order.ScheduleId);
        if (session is null) await log.Record(disclosed, actor, cancellation);
        else DisclosureLog.Append(session, disclosed, actor);
        return new DisclosedExport(disclosed, folder);
    }
}
