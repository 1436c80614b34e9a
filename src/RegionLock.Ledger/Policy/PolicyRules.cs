using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Policy;

/// <summary>What every policy change must carry.</summary>
public interface IPolicyChange
{
    string LegalBasis { get; }
    string Reason { get; }
    DateTimeOffset EffectiveFrom { get; }
}

public sealed class PolicyChangeValidator<T> : AbstractValidator<T> where T : IPolicyChange
{
    public PolicyChangeValidator()
    {
        RuleFor(c => c.LegalBasis).Text(200);
        RuleFor(c => c.Reason).Text(500);
        RuleFor(c => c.EffectiveFrom).Must(instant => instant.Year >= 2000)
            .WithMessage("'{PropertyName}' is before the year 2000");
    }
}
