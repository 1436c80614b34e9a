namespace RegionLock.Ledger.Devices;

// The device stream, keyed by IMEI. Events are facts: never changed, never removed.

public sealed record DeviceRegistered(string Imei, string Model, string SalesMarket, DateTimeOffset EffectiveAt) : ITakesEffect;

/// <param name="Signal">How the region was seen: one of <see cref="ObservationSignal"/>.</param>
public sealed record DeviceObserved(string Imei, string Region, string Signal, string? Mcc, string? Mnc,
                                    DateTimeOffset ObservedAt) : ITakesEffect
{
    DateTimeOffset ITakesEffect.EffectiveAt => ObservedAt;
}

public sealed record DeviceLocked(string Imei, Guid LockId, string Region, string Reason, int PolicyVersion,
                                  Guid? InvestigationId, DateTimeOffset EffectiveAt) : ITakesEffect;

/// <param name="Reason">Why the lock ended: one of <see cref="UnlockReason"/>.</param>
public sealed record DeviceUnlocked(string Imei, Guid LockId, string Reason, Guid? AppealId, Guid? InvestigationId,
                                    DateTimeOffset EffectiveAt) : ITakesEffect;

/// <summary>The device's record is under litigation hold: none of its personal data may be erased.</summary>
public sealed record LegalHoldPlaced(string Imei, string CaseReference, string Reason, DateTimeOffset EffectiveAt)
    : ITakesEffect;

public sealed record LegalHoldReleased(string Imei, string CaseReference, string Reason, DateTimeOffset EffectiveAt)
    : ITakesEffect;

public static class ObservationSignal
{
    public const string SimMcc = "sim_mcc";
    public const string NetworkMcc = "network_mcc";
    public const string IpGeo = "ip_geo";
    public const string Gps = "gps";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { SimMcc, NetworkMcc, IpGeo, Gps };
}

public static class UnlockReason
{
    public const string AppealGranted = "appeal_granted";
    public const string InvestigationClosed = "investigation_closed";
    public const string PolicyLifted = "policy_lifted";
    public const string ErrorCorrection = "error_correction";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string> { AppealGranted, InvestigationClosed, PolicyLifted, ErrorCorrection };
}
