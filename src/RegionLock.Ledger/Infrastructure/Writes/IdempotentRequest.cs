namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// A write made under an Idempotency-Key, stored with its answer in the transaction that appends the write's events:
/// both commit or neither does, and a concurrent request with the same key fails on this row's primary key.
/// </summary>
/// <param name="Id">SHA-256 of the principal and the key: keys are per caller and bounded in size.</param>
/// <param name="RequestHash">SHA-256 of method, path, query and body: the same key with another request is refused.</param>
/// <param name="Body">The answer's bytes, replayed as they were first sent.</param>
public sealed record IdempotentRequest(
    string Id,
    string RequestHash,
    DateTimeOffset ClaimedAt,
    int Status,
    string? ContentType,
    string? Location,
    byte[] Body)
{
    public bool ExpiredAt(DateTimeOffset now, TimeSpan retention) => ClaimedAt + retention <= now;
}
