using Marten;
using RegionLock.Ledger.Infrastructure;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace RegionLock.Ledger.Integrity;

/// <summary>The integrity tables, created and migrated by Marten with the rest of the schema (db-apply).</summary>
public static class IntegritySchema
{
    public const string ChainTable = $"{LedgerHost.SchemaName}.integrity_chain";
    public const string CheckpointTable = $"{LedgerHost.SchemaName}.integrity_checkpoints";

    public static void AddIntegrityTables(this StoreOptions options)
    {
        // One row per event, in sequence order: its leaf index in the Merkle tree, its leaf hash, and the hash chain.
        var chain = new Table(new PostgresqlObjectName(LedgerHost.SchemaName, "integrity_chain", SchemaUtils.IdentifierUsage.General));
        chain.AddColumn<long>("sequence").AsPrimaryKey();
        chain.AddColumn<long>("leaf_index").NotNull();
        chain.AddColumn("leaf_hash", "bytea").NotNull();
        chain.AddColumn("chain_hash", "bytea").NotNull();
        chain.Indexes.Add(new IndexDefinition("ix_integrity_chain_leaf_index") { Columns = ["leaf_index"], IsUnique = true });

        // Signed Merkle tree heads at intervals: what an auditor keeps a copy of.
        var checkpoints = new Table(new PostgresqlObjectName(LedgerHost.SchemaName, "integrity_checkpoints", SchemaUtils.IdentifierUsage.General));
        checkpoints.AddColumn<long>("tree_size").AsPrimaryKey();
        checkpoints.AddColumn<long>("last_sequence").NotNull();
        checkpoints.AddColumn("root_hash", "bytea").NotNull();
        checkpoints.AddColumn("chain_hash", "bytea").NotNull();
        checkpoints.AddColumn<DateTimeOffset>("created_at").NotNull();
        checkpoints.AddColumn<string>("key_id").NotNull();
        checkpoints.AddColumn("signature", "bytea").NotNull();

        options.Storage.ExtendedSchemaObjects.Add(chain);
        options.Storage.ExtendedSchemaObjects.Add(checkpoints);
    }
}
