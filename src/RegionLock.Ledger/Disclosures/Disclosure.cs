using JasperFx.Events.Projections;
using Marten.Events.Projections;
using RegionLock.Ledger.Infrastructure.Writes;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Disclosures;

/// <summary>A disclosure as the log lists it: what was handed out, to whom, by whom, and when it was recorded.</summary>
/// <param name="Kind">report (a file) or export (a signed bundle).</param>
/// <param name="Sha256">The file's SHA-256, or the export manifest's.</param>
public sealed record Disclosure(Guid Id, string Kind, string Report, string? Format, ReportRequest Request, string Sha256,
                                string? Recipient, string? Purpose, string? Since, Guid? ScheduleId, string? Principal,
                                string? Role, DateTimeOffset RecordedAt)
{
    public const string ReportKind = "report";
    public const string ExportKind = "export";
}

/// <summary>Folded inline from the disclosures stream, one document per disclosure: committed with its event.</summary>
public sealed partial class DisclosureProjection : MultiStreamProjection<Disclosure, Guid>
{
    public DisclosureProjection()
    {
        Identity<ReportDisclosed>(e => e.DisclosureId);
        Identity<ExportDisclosed>(e => e.DisclosureId);
    }

    public Disclosure Create(IEvent<ReportDisclosed> e) =>
        new(e.Data.DisclosureId, Disclosure.ReportKind, e.Data.Report, e.Data.Format, e.Data.Request, e.Data.Sha256,
            null, null, null, null, Principal(e), Role(e), PostgresTime.Stored(e.Timestamp));

    public Disclosure Create(IEvent<ExportDisclosed> e) =>
        new(e.Data.DisclosureId, Disclosure.ExportKind, e.Data.Report, null, e.Data.Request, e.Data.ManifestSha256,
            e.Data.Recipient, e.Data.Purpose, e.Data.Since, e.Data.ScheduleId, Principal(e), Role(e),
            PostgresTime.Stored(e.Timestamp));

    private static string? Principal(IEvent e) => e.GetHeader(CommandMetadata.Keys.Principal)?.ToString();
    private static string? Role(IEvent e) => e.GetHeader(CommandMetadata.Keys.Role)?.ToString();

    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<DisclosureProjection>(ProjectionLifecycle.Inline);
        // Listed by when they were recorded; a delta finds its base by the manifest's hash.
        options.Schema.For<Disclosure>().Duplicate(d => d.RecordedAt).Duplicate(d => d.Sha256);
    }
}
