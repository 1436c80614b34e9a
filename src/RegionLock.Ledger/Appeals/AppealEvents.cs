using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Appeals;

// The appeal stream, keyed by the appeal's id. Contact is personal data of the device's owner: it is stored only
// encrypted under the appeal's own key (see PersonalDataVault), so that erasing it leaves the events intact.

/// <param name="Region">The region of the contested lock, so that reports need not look it up.</param>
public sealed record AppealFiled(Guid AppealId, string Imei, Guid LockId, string Region, string Grounds, string Contact,
                                 DateTimeOffset EffectiveAt) : ITakesEffect;

public sealed record AppealEvidenceAdded(Guid AppealId, string Evidence, DateTimeOffset EffectiveAt) : ITakesEffect;

public sealed record AppealDecided(Guid AppealId, AppealOutcome Outcome, string Rationale, DateTimeOffset EffectiveAt)
    : ITakesEffect;

public sealed record AppealWithdrawn(Guid AppealId, string Reason, DateTimeOffset EffectiveAt) : ITakesEffect;

/// <summary>The contact of the appeal was erased: its key destroyed, the event of filing unchanged.</summary>
public sealed record PersonalDataErased(Guid AppealId, string Reason, DateTimeOffset EffectiveAt) : ITakesEffect;

/// <summary>How an appeal was decided. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<AppealOutcome>))]
public enum AppealOutcome
{
    [JsonStringEnumMemberName("granted")] Granted,
    [JsonStringEnumMemberName("denied")] Denied,
}
