using Microsoft.Extensions.DependencyInjection;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// A service on a database of its own with settings of a test's choosing (witnesses, a time-stamp authority), and
/// services in place of its own where a test needs them (a clock it moves).
/// </summary>
public sealed class ConfiguredLedger(string database, IEnumerable<(string Key, string Value)> settings,
                                     Action<IServiceCollection>? services = null) : LedgerFixture(database)
{
    protected override IEnumerable<(string Key, string Value)> Settings(string connectionString) => settings;

    protected override void ConfigureServices(IServiceCollection collection) => services?.Invoke(collection);
}
