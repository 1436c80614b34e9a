namespace RegionLock.Ledger.Infrastructure.Idempotency;

/// <summary>The Idempotency-Key of the request in flight, visible to the Marten session that commits its events.</summary>
public sealed class IdempotencyScope(string id, string requestHash)
{
    private static readonly AsyncLocal<IdempotencyScope?> CurrentScope = new();

    public static IdempotencyScope? Current => CurrentScope.Value;

    public string Id { get; } = id;
    public string RequestHash { get; } = requestHash;

    /// <summary>Set once a unit of work holding the claim has committed: the key is then taken.</summary>
    public bool Committed { get; set; }

    public static IdempotencyScope Begin(string id, string requestHash) =>
        CurrentScope.Value = new IdempotencyScope(id, requestHash);

    public static void End() => CurrentScope.Value = null;
}
