using System.Text.Json;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace RegionLock.Ledger.Infrastructure.Problems;

/// <summary>
/// Turns the exceptions a request can legitimately end in into problem documents; anything else stays a 500.
/// A thrown exception means the unit of work was never committed, so these responses have appended nothing.
/// </summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (Describe(exception) is not { } problem) return false;
        context.Response.StatusCode = problem.Status!.Value;
        // RFC 9110 §10.2.3: how long a client waits before it retries (a restart, a failover, take about that).
        if (problem.Status == 503) context.Response.Headers.RetryAfter = "1";
        // A refusal the API promises (a conflict, a stale version, bad input) is the system working: information, not
        // a failure to page anyone for. An unavailable database is a warning.
        logger.Log(problem.Status >= 500 ? LogLevel.Warning : LogLevel.Information,
                   "{Method} {Path} refused with {Status} {Title}: {Detail}",
                   context.Request.Method, context.Request.Path.Value, problem.Status, problem.Title, problem.Detail);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? Describe(Exception exception) => exception switch
    {
        DomainConflict conflict => Problem(409, "Conflict with the ledger's state", conflict.Message),
        NotInLedger missing => Problem(404, "Not found", missing.Message),
        NotPermitted forbidden => Problem(403, "Forbidden", forbidden.Message),
        EntryTooLarge large => Problem(413, "Event too large for the log", large.Message),
        PreconditionFailed failed => Problem(412, "Precondition failed", failed.Message),
        PreconditionRequired required => Problem(428, "Precondition required", required.Message),
        DocumentAlreadyExistsException { DocumentType: var type } when type == typeof(IdempotentRequest) =>
            Problem(409, "Idempotency-Key in use",
                    "a request with this key was committed a moment ago; retry to receive its answer"),
        Marten.Exceptions.ExistingStreamIdCollisionException collision =>
            Problem(409, "Already registered", $"the ledger already holds stream '{collision.Id}'"),
        ConcurrencyException => Problem(409, "Stale version",
            "the stream changed since it was read; read it again and retry with its current version"),
        BadHttpRequestException { InnerException: JsonException json } =>
            Problem(400, "Malformed JSON", json.Message),
        BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request", bad.Message),
        JsonException json => Problem(400, "Malformed JSON", json.Message),
        _ when DatabaseUnavailable(exception) =>
            // A commit the database made just before the connection broke may stand (a failover): the key tells.
            Problem(503, "The ledger's database is unavailable",
                    "the request may not have been recorded; retry shortly with the same Idempotency-Key"),
        _ => null,
    };

    // Marten and Wolverine wrap the driver's exception: look down the chain for a connection that could not be made
    // or was lost. An NpgsqlException that is no server error is the connection's (no host reachable or none writable
    // while a standby is promoted, a stream cut); a server error counts if it is transient, or if the server turned out
    // read-only (a former primary after a failover).
    private static bool DatabaseUnavailable(Exception? exception) => exception switch
    {
        null => false,
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => true,
        PostgresException { IsTransient: false } => false,
        NpgsqlException or System.Net.Sockets.SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(DatabaseUnavailable),
        _ => DatabaseUnavailable(exception.InnerException),
    };

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
