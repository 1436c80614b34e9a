using System.Collections.Immutable;

namespace RegionLock.Ledger.Appeals;

/// <summary>An appeal as its stream tells it, folded inline.</summary>
public sealed record Appeal(
    string Id,
    string Imei,
    Guid LockId,
    string Region,
    string Grounds,
    string Contact,
    ImmutableList<string> Evidence,
    AppealStatus Status,
    string? Rationale,
    DateTimeOffset FiledAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? PersonalDataErasedAt,
    int Version)
{
    public Guid AppealId => Guid.Parse(Id);

    public static Appeal Create(AppealFiled e) =>
        new(e.AppealId.ToString(), e.Imei, e.LockId, e.Region, e.Grounds, e.Contact, [], AppealStatus.Open, null, e.EffectiveAt, null, null, 0);

    public Appeal Apply(AppealEvidenceAdded e) => this with { Evidence = Evidence.Add(e.Evidence) };

    public Appeal Apply(AppealDecided e) => this with { Status = AppealStatuses.Decided(e.Outcome), Rationale = e.Rationale, ClosedAt = e.EffectiveAt };

    public Appeal Apply(AppealWithdrawn e) => this with { Status = AppealStatus.Withdrawn, Rationale = e.Reason, ClosedAt = e.EffectiveAt };

    public Appeal Apply(PersonalDataErased e) => this with { PersonalDataErasedAt = e.EffectiveAt };

    /// <summary>Only an open appeal can be added to, decided or withdrawn.</summary>
    public void MustBeOpen()
    {
        if (Status != AppealStatus.Open) throw new DomainConflict($"appeal {Id} is {StoredName<AppealStatus>.Of(Status)}");
    }
}
