using Marten.Services;
using Npgsql;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Marten's log, with the refusals the API promises told apart from failures: a stream's version mismatch (Marten's
/// MT003: a stream registered twice, a version already taken) and a unique violation (an Idempotency-Key already
/// claimed) are each a 409 or a 412 the client is told about; logged as information. Every other failure stays an error. The statement is logged,
/// never its parameters (they can hold an owner's sealed contact or a device's identifiers).
/// </summary>
public sealed class MartenLog(ILogger<IDocumentStore> logger) : IMartenLogger, IMartenSessionLogger
{
    private const string StreamVersionMismatch = "MT003";

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Executed schema update SQL:\n{Sql}", sql);

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        Failed(ex, string.Join(";\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    private void Failed(Exception ex, string sql)
    {
        if (ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or StreamVersionMismatch } refusal)
            logger.LogInformation("Marten's statement was refused ({Refusal}), answered as a conflict: {Sql}", refusal.MessageText, sql);
        else
            logger.LogError(ex, "Marten encountered an exception executing\n{Sql}", sql);
    }

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }
}
