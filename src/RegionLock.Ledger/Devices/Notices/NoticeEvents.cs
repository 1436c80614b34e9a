namespace RegionLock.Ledger.Devices.Notices;

// The owner's notice of a warning, on a stream of its own keyed by the warning id: each attempt to deliver it.

/// <param name="Status">The HTTP status the webhook answered with.</param>
public sealed record NoticeDelivered(string Imei, Guid WarningId, int Attempt, int Status, DateTimeOffset EffectiveAt)
    : ITakesEffect;

/// <param name="RetryAt">When the next attempt is due; null when no attempt follows.</param>
public sealed record NoticeFailed(string Imei, Guid WarningId, int Attempt, string Error, DateTimeOffset? RetryAt,
                                  DateTimeOffset EffectiveAt) : ITakesEffect;
