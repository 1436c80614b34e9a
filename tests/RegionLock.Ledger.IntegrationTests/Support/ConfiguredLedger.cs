namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>A service on a database of its own with settings of a test's choosing (witnesses, a time-stamp authority).</summary>
public sealed class ConfiguredLedger(string database, IEnumerable<(string Key, string Value)> settings) : LedgerFixture(database)
{
    protected override IEnumerable<(string Key, string Value)> Settings(string connectionString) => settings;
}
