namespace RegionLock.Ledger.AccessLog;

/// <summary>
/// Someone read personal data or a device's history (who and in which role in the event's metadata): what kind of
/// read, of what, and for which purpose when the caller gave one (the Access-Purpose header).
/// </summary>
/// <param name="Target">What was read: an IMEI, an appeal id, a report's name and period, or the request.</param>
public sealed record DataAccessed(Guid EntryId, string Kind, string Target, string? Purpose, DateTimeOffset EffectiveAt) : ITakesEffect;
