using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Appeals;

/// <summary>Where an appeal stands: open, decided with its outcome, or withdrawn. Stored by name in the appeal's
/// document (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<AppealStatus>))]
public enum AppealStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("granted")] Granted,
    [JsonStringEnumMemberName("denied")] Denied,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

public static class AppealStatuses
{
    public static AppealStatus Decided(AppealOutcome outcome) => outcome switch
    {
        AppealOutcome.Granted => AppealStatus.Granted,
        AppealOutcome.Denied => AppealStatus.Denied,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
