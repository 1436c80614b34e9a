using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Devices.Reading;

namespace RegionLock.Ledger.WebConsole.Pages;

/// <summary>
/// The events that share a correlation id (one request, or what followed from it) or a causation id (one message's
/// consequences), across every stream, by the indexes of <see cref="EventLinks"/>.
/// </summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Devices)]
[RecordsAccess("related_events")]
public sealed class RelatedModel(IQuerySession session) : PageModel
{
    public const int Shown = 200;

    [BindProperty(SupportsGet = true)] public string? Correlation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Causation { get; set; }
    public IReadOnlyList<(string Stream, RecordedEvent Event)> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(Correlation) == string.IsNullOrEmpty(Causation)) return BadRequest();
        var events = Correlation is { Length: > 0 } correlation
            ? session.Events.QueryAllRawEvents().Where(e => e.CorrelationId == correlation)
            : session.Events.QueryAllRawEvents().Where(e => e.CausationId == Causation);
        Events = (await events.OrderBy(e => e.Sequence).Take(Shown).ToListAsync(cancellation))
            .Select(e => (e.StreamKey!, RecordedEvent.Of(e))).ToList();
        return Page();
    }
}
