namespace RegionLock.Ledger.Investigations;

// The investigation stream, keyed by the investigation's id.

public sealed record InvestigationOpened(Guid InvestigationId, string Title, IReadOnlyList<string> Regions,
                                         DateTimeOffset EffectiveAt) : ITakesEffect;

/// <param name="Outcome">One of <see cref="InvestigationOutcome"/>.</param>
public sealed record InvestigationClosed(Guid InvestigationId, string Outcome, string Findings,
                                         DateTimeOffset EffectiveAt) : ITakesEffect;

public static class InvestigationOutcome
{
    public const string UnlockAll = "unlock_all";
    public const string KeepLocked = "keep_locked";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { UnlockAll, KeepLocked };
}
