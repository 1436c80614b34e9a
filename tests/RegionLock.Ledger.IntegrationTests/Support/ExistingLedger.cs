namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>The service on a database as it stands (a restored one): nothing is wiped.</summary>
public sealed class ExistingLedger(string connectionString, (string, string)[] settings) : LedgerFixture("unused"), IAsyncDisposable
{
    protected override IEnumerable<(string Key, string Value)> Settings(string _) => settings;

    public override Task InitializeAsync() => Start(connectionString);

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
