using System.Text.Json.Serialization;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices;

// The device stream, keyed by IMEI. Events are facts: never changed, never removed.

public sealed record DeviceRegistered(string Imei, string Model, string SalesMarket, DateTimeOffset EffectiveAt) : ITakesEffect;

/// <param name="Mcc">The visited network's mobile country code, where the signal has one.</param>
// Fields added after the first release are left out when null: an event recorded before them serializes back to the
// very JSON it was stored and sealed with.
/// <param name="HomeMcc">The mobile country code of the SIM's home network, where the pipeline knows it.</param>
public sealed record DeviceObserved(string Imei, string Region, ObservationSignal Signal, string? Mcc, string? Mnc,
                                    DateTimeOffset ObservedAt,
                                    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HomeMcc = null,
                                    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HomeMnc = null)
    : ITakesEffect
{
    /// <summary>Whether the SIM's home network is known to lie outside <paramref name="region"/>: a visitor's device.</summary>
    public bool IsRoamingIn(string region) =>
        HomeMcc is not null && RegionCatalogue.Shared.IsOutside(HomeMcc, HomeMnc, region, ObservedAt);

    DateTimeOffset ITakesEffect.EffectiveAt => ObservedAt;
}

public sealed record DeviceLocked(string Imei, Guid LockId, string Region, string Reason, int PolicyVersion,
                                  Guid? InvestigationId, DateTimeOffset EffectiveAt) : ITakesEffect, Enforcing.IEnforcementOutcome;

public sealed record DeviceUnlocked(string Imei, Guid LockId, UnlockReason Reason, Guid? AppealId, Guid? InvestigationId,
                                    DateTimeOffset EffectiveAt) : ITakesEffect;

/// <summary>The device's record is under litigation hold: none of its personal data may be erased.</summary>
public sealed record LegalHoldPlaced(string Imei, string CaseReference, string Reason, DateTimeOffset EffectiveAt)
    : ITakesEffect;

public sealed record LegalHoldReleased(string Imei, string CaseReference, string Reason, DateTimeOffset EffectiveAt)
    : ITakesEffect;

/// <summary>How the region was seen. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<ObservationSignal>))]
public enum ObservationSignal
{
    [JsonStringEnumMemberName("sim_mcc")] SimMcc,
    [JsonStringEnumMemberName("network_mcc")] NetworkMcc,
    [JsonStringEnumMemberName("ip_geo")] IpGeo,
    [JsonStringEnumMemberName("gps")] Gps,
}

/// <summary>Why a lock ended. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<UnlockReason>))]
public enum UnlockReason
{
    [JsonStringEnumMemberName("appeal_granted")] AppealGranted,
    [JsonStringEnumMemberName("investigation_closed")] InvestigationClosed,
    [JsonStringEnumMemberName("policy_lifted")] PolicyLifted,
    [JsonStringEnumMemberName("error_correction")] ErrorCorrection,
}
