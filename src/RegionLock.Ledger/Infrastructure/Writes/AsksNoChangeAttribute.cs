namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// A POST that asks the ledger to change nothing (an impact analysis, a batch status, an export, a verification job):
/// it takes no If-Match and no Idempotency-Key, since repeating it changes no stream a caller writes. What it hands out
/// may still be recorded, as a report's GET is: an export appends its disclosure.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AsksNoChangeAttribute : Attribute;
