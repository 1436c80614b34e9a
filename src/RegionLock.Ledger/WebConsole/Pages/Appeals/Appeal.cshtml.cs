using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.PersonalData;

namespace RegionLock.Ledger.WebConsole.Pages.Appeals;

/// <summary>One appeal as GET /api/appeals/{id} gives it (the contact revealed, or erased), with the forms its roles may use.</summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Appeals)]
[RecordsAccess("appeal", "id")]
public sealed class AppealModel(IQuerySession session, PersonalDataVault vault) : PageModel
{
    public Appeal? Appeal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellation)
    {
        if (!Guid.TryParse(id, out _) || await session.LoadAsync<Appeal>(id, cancellation) is not { } appeal) return NotFound();
        Appeal = appeal with { Contact = await vault.Reveal(appeal.Contact, cancellation) };
        return Page();
    }
}
