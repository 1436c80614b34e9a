using Marten;

namespace RegionLock.Ledger.Infrastructure.Idempotency;

/// <summary>
/// Inserts the key's claim into the unit of work that appends the request's events: both commit or neither does,
/// and a concurrent retry with the same key fails on the claim's primary key instead of appending twice.
/// </summary>
public sealed class IdempotencyClaim(TimeProvider clock) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (IdempotencyScope.Current is { Claimed: false } scope && session.PendingChanges.Streams().Any())
        {
            session.Insert(new IdempotentRequest(scope.Id, scope.RequestHash, clock.GetUtcNow()));
            scope.Claimed = true;
        }
        return Task.CompletedTask;
    }
}
