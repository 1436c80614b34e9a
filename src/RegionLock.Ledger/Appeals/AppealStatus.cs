namespace RegionLock.Ledger.Appeals;

/// <summary>Where an appeal stands: open, withdrawn, or decided with its outcome (<see cref="AppealOutcome"/>).</summary>
public static class AppealStatus
{
    public const string Open = "open";
    public const string Withdrawn = "withdrawn";
}
