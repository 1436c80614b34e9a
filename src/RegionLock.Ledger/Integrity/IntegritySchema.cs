using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace RegionLock.Ledger.Integrity;

/// <summary>The integrity tables, created and migrated by Marten with the rest of the schema (db-apply).</summary>
public static class IntegritySchema
{
    public const string ChainTable = $"{LedgerSchema.Name}.integrity_chain";
    public const string CheckpointTable = $"{LedgerSchema.Name}.integrity_checkpoints";
    public const string TreeTable = $"{LedgerSchema.Name}.integrity_tree";
    public const string RefusedTable = $"{LedgerSchema.Name}.integrity_refused";
    public const string VerificationTable = $"{LedgerSchema.Name}.integrity_verifications";

    public static void AddIntegrityTables(this StoreOptions options)
    {
        // One row per event, in sequence order: its leaf index in the Merkle tree, its leaf hash, and the hash chain.
        var chain = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_chain", SchemaUtils.IdentifierUsage.General));
        chain.AddColumn<long>("sequence").AsPrimaryKey();
        chain.AddColumn<long>("leaf_index").NotNull();
        chain.AddColumn("leaf_hash", "bytea").NotNull();
        chain.AddColumn("chain_hash", "bytea").NotNull();
        chain.Indexes.Add(new IndexDefinition("ix_integrity_chain_leaf_index") { Columns = ["leaf_index"], IsUnique = true });

        // The Merkle tree's hashes above the leaves, by tile level (C2SP tlog-tiles): level L, index i is the root of
        // leaves [i·256^L, (i+1)·256^L). Level 0 is the chain's leaf hashes; a tile is a range of one level's indexes.
        var tree = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_tree", SchemaUtils.IdentifierUsage.General));
        tree.AddColumn<short>("level").AsPrimaryKey();
        tree.AddColumn<long>("node_index").AsPrimaryKey();
        tree.AddColumn("hash", "bytea").NotNull();

        // Signed Merkle tree heads at intervals: what an auditor keeps a copy of.
        var checkpoints = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_checkpoints", SchemaUtils.IdentifierUsage.General));
        checkpoints.AddColumn<long>("tree_size").AsPrimaryKey();
        checkpoints.AddColumn<long>("last_sequence").NotNull();
        checkpoints.AddColumn("root_hash", "bytea").NotNull();
        checkpoints.AddColumn("chain_hash", "bytea").NotNull();
        checkpoints.AddColumn<DateTimeOffset>("created_at").NotNull();
        checkpoints.AddColumn<string>("key_id").NotNull();
        checkpoints.AddColumn("signature", "bytea").NotNull();
        checkpoints.Indexes.Add(new IndexDefinition("ix_integrity_checkpoints_last_sequence") { Columns = ["last_sequence"], IsUnique = true });

        options.Storage.ExtendedSchemaObjects.Add(chain);
        // Events the chain refused (no valid seal): never chained, kept here with the reason.
        var refused = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_refused", SchemaUtils.IdentifierUsage.General));
        refused.AddColumn<long>("sequence").AsPrimaryKey();
        refused.AddColumn<Guid>("event_id");
        refused.AddColumn<string>("reason").NotNull();
        refused.AddColumn<DateTimeOffset>("refused_at").NotNull();

        // Verifications as they run and what they found: a working table (progress is updated), not the record.
        var verifications = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_verifications", SchemaUtils.IdentifierUsage.General));
        verifications.AddColumn<Guid>("id").AsPrimaryKey();
        verifications.AddColumn<string>("status").NotNull();
        verifications.AddColumn<string>("requested_by").NotNull();
        verifications.AddColumn<DateTimeOffset>("requested_at").NotNull();
        verifications.AddColumn<long>("from_checkpoint");
        verifications.AddColumn<long>("events_total").NotNull();
        verifications.AddColumn<long>("events_verified").NotNull();
        verifications.AddColumn<DateTimeOffset>("heartbeat_at").NotNull();
        verifications.AddColumn<DateTimeOffset>("finished_at");
        verifications.AddColumn("report", "jsonb");
        verifications.AddColumn<string>("error");
        // One verification runs at a time per ledger.
        verifications.Indexes.Add(new IndexDefinition("ix_integrity_verifications_running")
        {
            Columns = ["status"], IsUnique = true, Predicate = "status = 'running'",
        });
        verifications.Indexes.Add(new IndexDefinition("ix_integrity_verifications_finished") { Columns = ["finished_at"] });

        options.Storage.ExtendedSchemaObjects.Add(tree);
        options.Storage.ExtendedSchemaObjects.Add(verifications);
        options.Storage.ExtendedSchemaObjects.Add(refused);
        options.Storage.ExtendedSchemaObjects.Add(checkpoints);
    }
}
