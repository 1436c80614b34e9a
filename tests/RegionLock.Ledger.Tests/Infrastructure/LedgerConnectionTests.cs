using Npgsql;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Tests.Infrastructure;

public class LedgerConnectionTests
{
    [Fact]
    public void pooled_connections_keep_prepared_statements_unless_the_operator_says_otherwise()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(LedgerConnection.WithPoolDefaults("Host=db;Database=ledger"));
        Assert.Equal(LedgerConnection.AutoPreparedStatements, defaulted.MaxAutoPrepare);
        Assert.Equal("db", defaulted.Host);

        var chosen = new NpgsqlConnectionStringBuilder(LedgerConnection.WithPoolDefaults("Host=db;Max Auto Prepare=8"));
        Assert.Equal(8, chosen.MaxAutoPrepare);
    }
}
