using Marten;
using Marten.Services;

namespace RegionLock.Ledger.Infrastructure.Idempotency;

/// <summary>
/// Inserts the key's claim into the unit of work that appends the request's events: both commit or neither does,
/// and a concurrent request with the same key fails on the claim's primary key instead of appending twice. A unit
/// of work that fails and is retried (Wolverine retries concurrency failures) carries the claim again.
/// </summary>
public sealed class IdempotencyClaim(TimeProvider clock) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (IdempotencyScope.Current is { Committed: false } scope && session.PendingChanges.Streams().Any())
            session.Insert(new IdempotentRequest(scope.Id, scope.RequestHash, clock.GetUtcNow()));
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (IdempotencyScope.Current is { } scope && commit.Inserted.OfType<IdempotentRequest>().Any(r => r.Id == scope.Id))
            scope.Committed = true;
        return Task.CompletedTask;
    }
}
