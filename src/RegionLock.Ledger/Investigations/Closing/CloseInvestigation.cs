using System.Security.Claims;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Releasing;

namespace RegionLock.Ledger.Investigations.Closing;

/// <summary>Closes an investigation; with <c>unlock_all</c> every device still locked under it is unlocked.</summary>
/// <param name="Outcome">One of the stored names of <see cref="InvestigationOutcome"/>.</param>
public sealed record CloseInvestigation(string Outcome, string Findings);

public sealed class CloseInvestigationValidator : AbstractValidator<CloseInvestigation>
{
    public CloseInvestigationValidator()
    {
        RuleFor(c => c.Outcome).OneOf<CloseInvestigation, InvestigationOutcome>();
        RuleFor(c => c.Findings).Text(4000);
    }
}

public static class Closing
{
    public static InvestigationClosed Decide(Investigation investigation, CloseInvestigation command, DateTimeOffset now)
    {
        if (!investigation.IsOpen)
            throw new DomainConflict($"investigation {investigation.Id} was closed at {investigation.ClosedAt:O}");
        return new InvestigationClosed(investigation.InvestigationId, StoredName<InvestigationOutcome>.Parse(command.Outcome), command.Findings, now);
    }

    /// <summary>The bulk unlock a closing starts, if any.</summary>
    public static ReleaseLocks? Release(InvestigationClosed closed, Actor closedBy) =>
        closed.Outcome == InvestigationOutcome.UnlockAll
            ? new ReleaseLocks(UnlockReason.InvestigationClosed, closed.InvestigationId, null, closedBy)
            : null;
}

public static class CloseInvestigationEndpoint
{
    // The release is sent through Wolverine's outbox: it commits with the closing or not at all.
    [Allow(Role.Compliance)]
    [WolverinePost("/api/investigations/{id}/close"), ProducesResponseType<InvestigationWritten>(202)]
    public static (IResult, ReleaseLocks?) Post(CloseInvestigation command,
                                                [WriteAggregate("id")] IEventStream<Investigation> investigation,
                                                HttpContext context, TimeProvider clock)
    {
        var closed = Closing.Decide(investigation.Aggregate!, command, clock.GetUtcNow());
        investigation.AppendOne(closed);
        return (Results.Accepted($"/api/investigations/{closed.InvestigationId}",
                                 new InvestigationWritten(closed.InvestigationId, investigation.CurrentVersion!.Value)),
                Closing.Release(closed, Actor.Of(context)));
    }
}
