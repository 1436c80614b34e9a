namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// A POST that appends no event (it builds an export, or starts a verification job): it takes no If-Match and no
/// Idempotency-Key, since repeating it changes nothing in the ledger. Every other POST is a write.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AppendsNothingAttribute : Attribute;
