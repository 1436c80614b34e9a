using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Disclosures;

// The disclosures stream: one event for every report file and export bundle the ledger handed out, with who and in
// which role in its metadata like every event. Chained and checkpointed like the rest: what was disclosed to whom
// is as tamper-evident as what happened to the devices.

/// <summary>A report file handed to a caller (the API's GET or the CLI), and the SHA-256 of its bytes.</summary>
public sealed record ReportDisclosed(Guid DisclosureId, string Report, string Format, ReportRequest Request, string Sha256);

/// <summary>
/// A signed export bundle handed to a recipient for a purpose: its manifest's SHA-256 names it, and a delta names
/// the manifest it was built against (<paramref name="Since"/>). A scheduled run names its schedule.
/// </summary>
public sealed record ExportDisclosed(Guid DisclosureId, string Report, ReportRequest Request, string ManifestSha256,
                                     string Recipient, string Purpose, string? Since, Guid? ScheduleId);
