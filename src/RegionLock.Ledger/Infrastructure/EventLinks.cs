using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;
using DbDataReader = System.Data.Common.DbDataReader;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Indexes of the events by correlation and causation id, so that "the other events of this request" (or of what
/// caused it) is a lookup, not a scan of the ledger. Marten keeps these columns but indexes neither; Weasel has no
/// stand-alone index object, hence this one, which Marten's own migration of mt_events is told to leave alone.
/// </summary>
public sealed class EventLinks : ISchemaObject
{
    private static readonly string[] Columns = ["correlation_id", "causation_id"];
    private static string IndexOf(string column) => $"ix_mt_events_{column}";

    public static void Configure(StoreOptions options)
    {
        foreach (var column in Columns) options.Events.IgnoreIndex(IndexOf(column));
        // A feature of its own: Marten applies those after the event tables the indexes are on.
        options.Storage.Add(new Feature());
    }

    private sealed class Feature() : FeatureSchemaBase("EventLinks", new PostgresqlMigrator())
    {
        protected override IEnumerable<ISchemaObject> schemaObjects() => [new EventLinks()];
    }

    public DbObjectName Identifier { get; } = Name(Columns[0]);

    private static PostgresqlObjectName Name(string column) =>
        new(LedgerSchema.Name, IndexOf(column), SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        foreach (var column in Columns)
            writer.WriteLine($"CREATE INDEX IF NOT EXISTS {IndexOf(column)} ON {LedgerSchema.EventTable} ({column}) WHERE {column} IS NOT NULL;");
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        foreach (var column in Columns) writer.WriteLine($"DROP INDEX IF EXISTS {LedgerSchema.Name}.{IndexOf(column)};");
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        builder.Append("SELECT count(*) FROM pg_indexes WHERE schemaname = ");
        builder.AppendParameter(LedgerSchema.Name);
        builder.Append(" AND indexname = ANY(");
        builder.AppendParameter(Columns.Select(IndexOf).ToArray());
        builder.Append(");");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var present = await reader.ReadAsync(ct) ? reader.GetInt64(0) : 0;
        return new SchemaObjectDelta(this, present == Columns.Length ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    public IEnumerable<DbObjectName> AllNames() => Columns.Select(Name);
}
