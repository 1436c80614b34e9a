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
    public const string PublicationTable = $"{LedgerSchema.Name}.integrity_publications";
    public const string TimestampTable = $"{LedgerSchema.Name}.integrity_timestamps";
    public const string CosignatureTable = $"{LedgerSchema.Name}.integrity_cosignatures";
    public const string WitnessRefusalTable = $"{LedgerSchema.Name}.integrity_witness_refusals";

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
        // The same tree head as a C2SP checkpoint signed by the log's Ed25519 key. Rows of a ledger older than the
        // log have none and are never published.
        checkpoints.AddColumn<string>("note");

        // The checkpoints published at /api/integrity/log/checkpoint: each once the witness quorum cosigned it.
        var publications = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_publications", SchemaUtils.IdentifierUsage.General));
        publications.AddColumn<long>("tree_size").AsPrimaryKey();
        publications.AddColumn<DateTimeOffset>("published_at").NotNull();

        // Each witness's cosignature line over a checkpoint's note (c2sp.org/tlog-cosignature), as it answered.
        var cosignatures = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_cosignatures", SchemaUtils.IdentifierUsage.General));
        cosignatures.AddColumn<long>("tree_size").AsPrimaryKey();
        cosignatures.AddColumn<string>("witness").AsPrimaryKey();
        cosignatures.AddColumn<string>("signature").NotNull();
        cosignatures.AddColumn<DateTimeOffset>("cosigned_at").NotNull();
        cosignatures.Indexes.Add(new IndexDefinition("ix_integrity_cosignatures_witness") { Columns = ["witness", "tree_size"] });

        // A witness's refusal to cosign, kept as it came: a 409 or 422 can be evidence of a fork of the log.
        var refusals = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_witness_refusals", SchemaUtils.IdentifierUsage.General));
        refusals.AddColumn<Guid>("id").AsPrimaryKey();
        refusals.AddColumn<string>("witness").NotNull();
        refusals.AddColumn<long>("tree_size").NotNull();
        refusals.AddColumn<int>("status").NotNull();
        refusals.AddColumn<string>("answer").NotNull();
        refusals.AddColumn<string>("request").NotNull();
        refusals.AddColumn<DateTimeOffset>("refused_at").NotNull();
        refusals.Indexes.Add(new IndexDefinition("ix_integrity_witness_refusals_refused_at") { Columns = ["refused_at"] });
        // RFC 3161 time-stamp replies over the published checkpoints' notes, as the authority sent them.
        var timestamps = new Table(new PostgresqlObjectName(LedgerSchema.Name, "integrity_timestamps", SchemaUtils.IdentifierUsage.General));
        timestamps.AddColumn<long>("tree_size").AsPrimaryKey();
        timestamps.AddColumn<string>("authority").NotNull();
        timestamps.AddColumn("reply", "bytea").NotNull();
        timestamps.AddColumn<DateTimeOffset>("stamped_at").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(timestamps);
        options.Storage.ExtendedSchemaObjects.Add(publications);
        options.Storage.ExtendedSchemaObjects.Add(cosignatures);
        options.Storage.ExtendedSchemaObjects.Add(refusals);

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
