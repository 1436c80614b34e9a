using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Appeals;

namespace RegionLock.Ledger.WebConsole.Pages.Appeals;

/// <summary>The appeals queue: open appeals, oldest first (the index on the filing time keeps it a short read).</summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Appeals)]
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<Appeal> Open { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        Now = clock.GetUtcNow();
        Open = await session.Query<Appeal>().Where(a => a.Status == AppealStatus.Open)
            .OrderBy(a => a.FiledAt).Take(Shown).ToListAsync(cancellation);
    }
}
