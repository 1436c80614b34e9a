using Npgsql;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>The ledger's PostgreSQL, read from <c>ConnectionStrings:Ledger</c> in this one place.</summary>
public static class LedgerConnection
{
    public const string Setting = "ConnectionStrings:Ledger";

    /// <summary>How many statements a pooled connection keeps prepared, unless the connection string says.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>Where reports may read instead of the primary, if anywhere: <c>ConnectionStrings:LedgerReports</c>, a standby.</summary>
    public static string? Reports(IConfiguration configuration) => configuration.GetConnectionString("LedgerReports");

    public static string From(IConfiguration configuration) =>
        WithPoolDefaults(configuration.GetConnectionString("Ledger")
                         ?? throw new InvalidOperationException(
                             $"{Setting} is not set (ops/run sets it to the project's own PostgreSQL)"));

    /// <summary>
    /// Npgsql prepares a statement from its fifth use and keeps it on the pooled connection; a connection holding
    /// prepared statements is then reset without DISCARD ALL (advisory locks, temporary tables and settings are
    /// still reset), so PostgreSQL also keeps the plans of Marten's append function. Re-planning that function for
    /// every command cost two thirds of its time (docs/operations.md).
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = AutoPreparedStatements;
        return builder.ConnectionString;
    }
}
