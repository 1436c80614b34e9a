namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// The trait of tests that take a minute or more (faults, killed processes, two nodes, sustained writers):
/// `ops/test --fast` leaves them out; `ops/test` and CI run everything.
/// </summary>
public static class Speed
{
    public const string Trait = "speed";
    public const string Slow = "slow";
}
