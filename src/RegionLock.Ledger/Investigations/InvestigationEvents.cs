using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Investigations;

// The investigation stream, keyed by the investigation's id.

public sealed record InvestigationOpened(Guid InvestigationId, string Title, IReadOnlyList<string> Regions,
                                         DateTimeOffset EffectiveAt) : ITakesEffect;

public sealed record InvestigationClosed(Guid InvestigationId, InvestigationOutcome Outcome, string Findings,
                                         DateTimeOffset EffectiveAt) : ITakesEffect;

/// <summary>What closing an investigation does to its locks. Stored by name (<see cref="StoredName{T}"/>).</summary>
[JsonConverter(typeof(StoredNameConverter<InvestigationOutcome>))]
public enum InvestigationOutcome
{
    [JsonStringEnumMemberName("unlock_all")] UnlockAll,
    [JsonStringEnumMemberName("keep_locked")] KeepLocked,
}
