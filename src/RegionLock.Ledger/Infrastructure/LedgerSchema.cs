namespace RegionLock.Ledger.Infrastructure;

/// <summary>Where the ledger lives in PostgreSQL: one schema holding Marten's tables and the integrity tables.</summary>
public static class LedgerSchema
{
    public const string Name = "ledger";

    /// <summary>Marten's event table: the record itself.</summary>
    public const string EventTable = $"{Name}.mt_events";

    /// <summary>The sequence that numbers the events of <see cref="EventTable"/>.</summary>
    public const string EventSequence = $"{EventTable}_sequence";
}
