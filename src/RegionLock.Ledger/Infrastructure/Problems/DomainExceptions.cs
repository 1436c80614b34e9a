namespace RegionLock.Ledger.Infrastructure.Problems;

/// <summary>A command that contradicts the ledger's state (already locked there, no such lock, stale version): 409.</summary>
public sealed class DomainConflict(string message) : Exception(message);

/// <summary>A write whose If-Match names a version the stream is no longer (or never was) at: 412.</summary>
public sealed class PreconditionFailed(string message) : Exception(message);

/// <summary>A write without If-Match where the service requires one (Http:RequireIfMatch): 428.</summary>
public sealed class PreconditionRequired(string message) : Exception(message);

/// <summary>A command naming something the ledger does not hold: 404.</summary>
public sealed class NotInLedger(string message) : Exception(message);

/// <summary>An event too large for the transparency log's entry bundles: 413.</summary>
public sealed class EntryTooLarge(string message) : Exception(message);

/// <summary>A command the caller's roles admit but the ledger's rules forbid to this caller (approving one's own proposal): 403.</summary>
public sealed class NotPermitted(string message) : Exception(message);
