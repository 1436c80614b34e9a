using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Proposals;
using RegionLock.Ledger.Policy.Reading;

namespace RegionLock.Ledger.WebConsole.Pages.Policy;

/// <summary>
/// The restriction policy as GET /api/policy gives it (in force as of an instant, as known at another), its history as
/// a chart and a table, and, for compliance and auditors, the proposals awaiting a second officer.
/// </summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Policy)]
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? KnownAt { get; set; }
    public string? Problem { get; private set; }
    public PolicyView? View { get; private set; }
    public PolicyChart? Chart { get; private set; }
    public IReadOnlyList<ProposalView> Pending { get; private set; } = [];
    public bool SeesProposals => User.IsInRole(Role.Compliance) || User.IsInRole(Role.Auditor);

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        try
        {
            View = await PolicyEndpoint.Get(AsOf, KnownAt, session, clock, cancellation);
        }
        catch (BadHttpRequestException e)
        {
            Problem = e.Message;
            return;
        }
        Chart = PolicyChart.Of(View.Changes, clock.GetUtcNow());
        if (SeesProposals) Pending = await ProposalsEndpoint.Get(null, session, clock, cancellation);
    }
}
