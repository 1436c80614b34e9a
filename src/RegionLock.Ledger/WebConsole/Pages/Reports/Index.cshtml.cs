using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Disclosures;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.WebConsole.Pages.Reports;

/// <summary>
/// A report's first rows on screen, its downloads (GET /api/reports, recorded in the disclosure log) and a signed
/// export bundle (POST /api/exports), all pinned to the same as-known-at instant so that they hold the rows the
/// preview showed; then the latest disclosures.
/// </summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Reports)]
[RecordsAccess("report_preview", "report")]
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : PageModel
{
    public const int PreviewRows = 200;
    public const int ListedDisclosures = 50;

    [BindProperty(SupportsGet = true)] public string? Report { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsKnownAt { get; set; }
    public string? Problem { get; private set; }
    public ReportRequest? Period { get; private set; }
    public IReadOnlyList<string> Header { get; private set; } = [];
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; private set; } = [];
    public IReadOnlyList<Disclosure> Disclosures { get; private set; } = [];

    /// <summary>The preview's query, as the API takes it, its as-known-at instant fixed.</summary>
    public string Query(string? format = null) => QueryString.Create(new Dictionary<string, string?>
    {
        ["from"] = From, ["to"] = To, ["region"] = string.IsNullOrEmpty(Region) ? null : Region,
        ["asKnownAt"] = KnownAt, ["format"] = format,
    }.Where(p => p.Value is not null)).ToString();

    public string? KnownAt => Period?.AsKnownAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        Disclosures = await session.Query<Disclosure>().OrderByDescending(d => d.Id).Take(ListedDisclosures).ToListAsync(cancellation);
        if (string.IsNullOrEmpty(Report)) return;
        try
        {
            if (!ReportCatalogue.Names.Contains(Report)) throw new BadHttpRequestException($"'{Report}' is not a report of the ledger");
            Period = ReportRequest.Parse(From, To, string.IsNullOrEmpty(Region) ? null : Region, AsKnownAt, clock.GetUtcNow());
        }
        catch (BadHttpRequestException e)
        {
            Problem = e.Message;
            return;
        }
        var report = await ReportCatalogue.Stream(Report, session, Period, cancellation);
        Header = report.Header;
        Rows = await report.Rows.Take(PreviewRows).ToListAsync(cancellation);
    }
}
