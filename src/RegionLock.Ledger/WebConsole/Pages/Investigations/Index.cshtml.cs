using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Investigations;

namespace RegionLock.Ledger.WebConsole.Pages.Investigations;

/// <summary>Investigations, the latest opened first; compliance opens one here.</summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Investigations)]
public sealed class IndexModel(IQuerySession session) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<Investigation> Investigations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation) =>
        Investigations = await session.Query<Investigation>().OrderByDescending(i => i.OpenedAt).Take(Shown).ToListAsync(cancellation);
}
