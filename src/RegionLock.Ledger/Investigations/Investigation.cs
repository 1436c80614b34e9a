namespace RegionLock.Ledger.Investigations;

/// <summary>An investigation as its stream tells it, folded inline.</summary>
public sealed record Investigation(
    string Id,
    string Title,
    IReadOnlyList<string> Regions,
    DateTimeOffset OpenedAt,
    InvestigationOutcome? Outcome,
    string? Findings,
    DateTimeOffset? ClosedAt,
    int Version)
{
    public bool IsOpen => ClosedAt is null;

    public Guid InvestigationId => Guid.Parse(Id);

    public static Investigation Create(InvestigationOpened e) =>
        new(e.InvestigationId.ToString(), e.Title, e.Regions, e.EffectiveAt, null, null, null, 0);

    public Investigation Apply(InvestigationClosed e) =>
        this with { Outcome = e.Outcome, Findings = e.Findings, ClosedAt = e.EffectiveAt };
}
