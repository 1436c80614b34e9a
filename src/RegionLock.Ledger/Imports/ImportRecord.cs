using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Imports;

/// <summary>
/// One line of an import file (NDJSON): a record of an earlier system, with its own id and the business time it took
/// effect. docs/import.md describes each kind's fields.
/// </summary>
/// <param name="Id">The record's id in the earlier system: what makes a second run of the same file append nothing.</param>
/// <param name="Lock">unlock, appeal_filed: the id of the lock line (this file's or an earlier import's).</param>
/// <param name="Appeal">appeal_decided, appeal_withdrawn: the id of the appeal_filed line.</param>
/// <param name="RecordedAt">When the earlier system recorded it, kept as metadata (the ledger records it now).</param>
public sealed record ImportRecord(string? Kind, string? Id, string? Imei, DateTimeOffset? At, DateTimeOffset? RecordedAt = null,
                                  string? Model = null, string? SalesMarket = null, string? Region = null, string? Signal = null,
                                  string? Mcc = null, string? Mnc = null, string? Lock = null, string? Reason = null,
                                  int? PolicyVersion = null, string? Appeal = null, string? Grounds = null, string? Contact = null,
                                  string? Outcome = null, string? Rationale = null)
{
    public const string Registration = "registration", Observation = "observation", Locked = "lock", Unlocked = "unlock",
                        AppealFiled = "appeal_filed", AppealDecided = "appeal_decided", AppealWithdrawn = "appeal_withdrawn";

    public static readonly IReadOnlyList<string> Kinds =
        [Registration, Observation, Locked, Unlocked, AppealFiled, AppealDecided, AppealWithdrawn];
}

public sealed class ImportRecordValidator : AbstractValidator<ImportRecord>
{
    public ImportRecordValidator()
    {
        RuleFor(r => r.Kind).NotEmpty().Must(kind => ImportRecord.Kinds.Contains(kind!))
            .WithMessage($"'kind' must be one of: {string.Join(", ", ImportRecord.Kinds)}");
        RuleFor(r => r.Id!).Text(200);
        RuleFor(r => r.Imei!).ValidImei();
        RuleFor(r => r.At).NotNull().Must(at => at!.Value.Year >= 2000 && at.Value <= DateTimeOffset.UtcNow + DeviceRules.ClockSkew)
            .WithMessage("'at' must be an instant from 2000 to now");
        When(r => r.Kind == ImportRecord.Registration, () =>
        {
            RuleFor(r => r.Model!).Text(100);
            RuleFor(r => r.SalesMarket!).KnownCountry();
        });
        When(r => r.Kind == ImportRecord.Observation, () =>
        {
            RuleFor(r => r.Region!).KnownRegion();
            RuleFor(r => r.Signal!).OneOf<ImportRecord, ObservationSignal>();
        });
        When(r => r.Kind == ImportRecord.Locked, () =>
        {
            RuleFor(r => r.Region!).KnownRegion();
            RuleFor(r => r.Reason!).Text(500);
            RuleFor(r => r.PolicyVersion).NotNull().GreaterThanOrEqualTo(0);
        });
        When(r => r.Kind == ImportRecord.Unlocked, () =>
        {
            RuleFor(r => r.Lock!).Text(200);
            RuleFor(r => r.Reason!).OneOf<ImportRecord, UnlockReason>();
        });
        When(r => r.Kind == ImportRecord.AppealFiled, () =>
        {
            RuleFor(r => r.Lock!).Text(200);
            RuleFor(r => r.Grounds!).Text(2000);
            RuleFor(r => r.Contact!).Text(500);
        });
        When(r => r.Kind == ImportRecord.AppealDecided, () =>
        {
            RuleFor(r => r.Appeal!).Text(200);
            RuleFor(r => r.Outcome!).OneOf<ImportRecord, AppealOutcome>();
            RuleFor(r => r.Rationale!).Text(2000);
        });
        When(r => r.Kind == ImportRecord.AppealWithdrawn, () =>
        {
            RuleFor(r => r.Appeal!).Text(200);
            RuleFor(r => r.Reason!).Text(500);
        });
    }
}
