namespace RegionLock.Ledger.Infrastructure.Idempotency;

/// <summary>
/// A write made under an Idempotency-Key. Claimed in the same transaction as the write's events (so a key is never
/// applied twice), then completed with the response that a retry replays.
/// </summary>
/// <param name="Id">SHA-256 of the principal and the key: keys are per caller and bounded in size.</param>
/// <param name="RequestHash">SHA-256 of method, path and body: the same key with another request is refused.</param>
public sealed record IdempotentRequest(
    string Id,
    string RequestHash,
    DateTimeOffset ClaimedAt,
    int? Status = null,
    string? ContentType = null,
    string? Location = null,
    string? Body = null)
{
    public bool IsCompleted => Status is not null;
}
