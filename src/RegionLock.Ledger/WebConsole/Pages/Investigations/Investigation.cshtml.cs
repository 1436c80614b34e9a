using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Investigations.Reading;

namespace RegionLock.Ledger.WebConsole.Pages.Investigations;

/// <summary>
/// One investigation as GET /api/investigations/{id} gives it, its bulk unlock's progress kept up to date in the
/// browser from that same endpoint, and the close form for compliance.
/// </summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Investigations)]
public sealed class InvestigationModel(IQuerySession session) : PageModel
{
    public InvestigationView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellation)
    {
        if (!Guid.TryParse(id, out _)) return NotFound();
        try
        {
            View = await InvestigationEndpoint.Get(id, session, cancellation);
        }
        catch (NotInLedger)
        {
            return NotFound();
        }
        return Page();
    }
}
