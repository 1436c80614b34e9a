namespace RegionLock.Ledger.Policy;

/// <summary>The answer to a policy change: the new policy version.</summary>
public sealed record PolicyChanged(int Version, string Region);
