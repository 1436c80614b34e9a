using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Makes the events and the integrity tables append-only in the database itself: a trigger refuses UPDATE, DELETE
/// and TRUNCATE for every role but the migration/admin role (Integrity:AdminRole, default ledger_admin), and the
/// application role (Integrity:ApplicationRole, default ledger_app), where it exists, is granted no more than SELECT
/// and INSERT on them (and what it needs on the other tables). Ships with the schema (db-apply, run as the admin
/// role). A superuser can still switch triggers off: that is what the hash chain and the signed checkpoints are for.
/// </summary>
public static class AppendOnly
{
    public static readonly string[] Tables =
        [LedgerSchema.EventTable, IntegritySchema.ChainTable, IntegritySchema.TreeTable, IntegritySchema.CheckpointTable,
         IntegritySchema.RefusedTable, IntegritySchema.PublicationTable, IntegritySchema.CosignatureTable,
         IntegritySchema.WitnessRefusalTable, IntegritySchema.TimestampTable];

    private static readonly string Function = $"{LedgerSchema.Name}.refuse_changes_to_the_record";

    public static void AddAppendOnlyGuard(this StoreOptions options, string adminRole, string applicationRole)
    {
        foreach (var role in new[] { adminRole, applicationRole })
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(role, "^[a-z_][a-z0-9_]{0,62}$"))
                throw new InvalidOperationException($"'{role}' is not a plain PostgreSQL role name");
        }
        var triggers = Tables.Select(table =>
        {
            var name = table.Split('.')[1];
            return $"""
                DROP TRIGGER IF EXISTS {name}_append_only ON {table};
                CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {table}
                  FOR EACH ROW EXECUTE FUNCTION {Function}();
                DROP TRIGGER IF EXISTS {name}_no_truncate ON {table};
                CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {table}
                  FOR EACH STATEMENT EXECUTE FUNCTION {Function}();
                """;
        });
        var schema = LedgerSchema.Name;
        // The application role may read and write the working tables (documents, queues, keys), now and those
        // created later by the admin role, and only read and append the record.
        var grants = string.Join("\n", new[]
            {
                $"GRANT USAGE ON SCHEMA {schema} TO {applicationRole}",
                $"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA {schema} TO {applicationRole}",
                $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {applicationRole}",
                $"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {applicationRole}",
                $"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO {applicationRole}",
                $"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {applicationRole}",
            }
            .Concat(Tables.Select(table => $"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {applicationRole}"))
            .Select(statement => $"    EXECUTE '{statement}';"));

        var body = $$"""
            CREATE OR REPLACE FUNCTION {{Function}}() RETURNS trigger LANGUAGE plpgsql AS $guard$
            BEGIN
              IF current_user = '{{adminRole}}' THEN
                RETURN COALESCE(NEW, OLD);
              END IF;
              RAISE EXCEPTION 'the ledger is append-only: % on % refused for role %', TG_OP, TG_TABLE_NAME, current_user
                USING ERRCODE = 'insufficient_privilege';
            END
            $guard$;
            {{string.Join("\n", triggers)}}
            DO $grants$ BEGIN
              IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{{applicationRole}}') THEN
            {{grants}}
              END IF;
            END $grants$;
            """;
        var drops = Tables.SelectMany(table =>
        {
            var name = table.Split('.')[1];
            return new[] { $"DROP TRIGGER IF EXISTS {name}_append_only ON {table};",
                           $"DROP TRIGGER IF EXISTS {name}_no_truncate ON {table};" };
        }).Append($"DROP FUNCTION IF EXISTS {Function}();").ToArray();

        // A feature of its own: Marten applies those after the event tables, which the triggers need.
        options.Storage.Add(new AppendOnlyGuard(new Function(
            new PostgresqlObjectName(LedgerSchema.Name, "refuse_changes_to_the_record", SchemaUtils.IdentifierUsage.Function),
            body, drops)));
    }

    private sealed class AppendOnlyGuard(Function guard) : FeatureSchemaBase("AppendOnlyGuard", new PostgresqlMigrator())
    {
        protected override IEnumerable<ISchemaObject> schemaObjects() => [guard];
    }
}
