using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.WebConsole.Pages.Integrity;

/// <summary>
/// Whether the record is intact, at a glance: the latest published checkpoint with its note and cosignatures, each
/// configured witness and how far it has cosigned, the latest verifications and their findings, and a button that
/// starts one (POST /api/integrity/verifications) whose progress the page then follows.
/// </summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Integrity)]
public sealed class IndexModel(LogStore log, Witnesses witnesses, VerificationJobs jobs) : PageModel
{
    public (SignedCheckpoint Checkpoint, string Note)? Published { get; private set; }
    public IReadOnlyList<(Witness Witness, long CosignedSize, WitnessOutcome? Latest)> WitnessStates { get; private set; } = [];
    public VerificationJob? LatestFinished { get; private set; }
    public IReadOnlyList<VerificationJob> Recent { get; private set; } = [];

    /// <summary>The verification the page follows, once started.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Job { get; set; }

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        Published = await log.PublishedNote(null, cancellation);
        var states = new List<(Witness, long, WitnessOutcome?)>();
        foreach (var witness in witnesses.All)
            states.Add((witness, await log.CosignedSize(witness.Name, cancellation), witnesses.Outcomes.GetValueOrDefault(witness.Name)));
        WitnessStates = states;
        LatestFinished = await jobs.LatestFinished(cancellation);
        Recent = await jobs.List(5, cancellation);
    }
}
