namespace RegionLock.Ledger.Investigations;

/// <summary>The answer to an investigation command.</summary>
public sealed record InvestigationWritten(Guid InvestigationId, long Version);
