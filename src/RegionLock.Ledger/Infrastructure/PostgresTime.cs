namespace RegionLock.Ledger.Infrastructure;

public static class PostgresTime
{
    /// <summary>
    /// An instant as PostgreSQL stores it: to the microsecond. What is folded or signed before the database has
    /// stored an instant must equal what is read back from it later (a rebuild, a verification).
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
}
