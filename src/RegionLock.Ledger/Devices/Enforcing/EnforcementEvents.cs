using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Devices.Enforcing;

// What enforcement decided about an observation in a restricted region when it did not lock at once. Each is the
// ledger's own act, caused by the observation, on the device's stream.

/// <summary>
/// An observation in a restricted region that did not lock the device, and why: an exemption in force (named) or
/// the roaming allowance (with the instant it runs out).
/// </summary>
public sealed record EnforcementWaived(string Imei, string Region, int PolicyVersion, WaiverBasis Basis,
                                       Guid? ExemptionId, DateTimeOffset Until, DateTimeOffset ObservedAt,
                                       DateTimeOffset EffectiveAt) : ITakesEffect, IEnforcementOutcome;

/// <summary>
/// The device was seen in a region restricted with a grace period: its owner is told, and it is locked at
/// <paramref name="LockDueAt"/> only if it is still there then.
/// </summary>
public sealed record DeviceWarned(string Imei, Guid WarningId, string Region, int PolicyVersion, DateTimeOffset ObservedAt,
                                  DateTimeOffset LockDueAt, DateTimeOffset EffectiveAt) : ITakesEffect, IEnforcementOutcome;

/// <summary>A warning's grace period ended without a lock, and why.</summary>
public sealed record DeviceWarningLapsed(string Imei, Guid WarningId, string Region, LapseReason Reason,
                                         DateTimeOffset EffectiveAt) : ITakesEffect;

/// <summary>What enforcement records about an observation: a lock, a waiver or a warning.</summary>
public interface IEnforcementOutcome;

/// <summary>Why enforcement spared a device. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<WaiverBasis>))]
public enum WaiverBasis
{
    [JsonStringEnumMemberName("imei")] Imei,
    [JsonStringEnumMemberName("tac")] Tac,
    [JsonStringEnumMemberName("sales_market")] SalesMarket,
    [JsonStringEnumMemberName("roaming")] Roaming,
}

/// <summary>Why a warning ended without a lock. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<LapseReason>))]
public enum LapseReason
{
    /// <summary>The device's latest observation when the grace period ended was outside the region.</summary>
    [JsonStringEnumMemberName("left_region")] LeftRegion,
    /// <summary>The region was no longer restricted when the grace period ended.</summary>
    [JsonStringEnumMemberName("restriction_lifted")] RestrictionLifted,
    /// <summary>An exemption in force when the grace period ended covers the device.</summary>
    [JsonStringEnumMemberName("exempted")] Exempted,
}
