namespace RegionLock.Ledger;

/// <summary>Marks the service assembly for discovery (Wolverine's handlers and endpoints, validators).</summary>
public sealed class LedgerAssembly;
