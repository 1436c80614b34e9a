namespace RegionLock.Ledger.Infrastructure.Idempotency;

/// <summary>The Idempotency-Key of the request in flight, visible to the Marten session that commits its events.</summary>
public sealed class IdempotencyScope(string id, string requestHash)
{
    private static readonly AsyncLocal<IdempotencyScope?> CurrentScope = new();

    public static IdempotencyScope? Current => CurrentScope.Value;

    public string Id { get; } = id;
    public string RequestHash { get; } = requestHash;

    /// <summary>Set once the claim is part of a unit of work; the first commit of the request claims the key.</summary>
    public bool Claimed { get; set; }

    public static IdempotencyScope Begin(string id, string requestHash) =>
        CurrentScope.Value = new IdempotencyScope(id, requestHash);

    public static void End() => CurrentScope.Value = null;
}
