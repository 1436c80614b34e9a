using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;

namespace RegionLock.Ledger.Policy.Exemptions.Granting;

/// <summary>Spares devices from enforcement for a while, on a stated basis.</summary>
/// <param name="Kind">imei, tac or sales_market.</param>
/// <param name="Region">The restricted region it applies in; every one when absent.</param>
public sealed record GrantExemption(string Kind, string Value, string? Region, string Basis, string Reason,
                                    DateTimeOffset EffectiveFrom, DateTimeOffset ExpiresAt) : ICommandWithReason;

public sealed class GrantExemptionValidator : AbstractValidator<GrantExemption>
{
    public GrantExemptionValidator()
    {
        RuleFor(c => c.Kind).OneOf<GrantExemption, WaiverBasis>()
            .Must(kind => kind != StoredName<WaiverBasis>.Of(WaiverBasis.Roaming))
            .WithMessage("'roaming' is a rule of its own (Policy:RoamingAllowanceDays), not an exemption to grant");
        RuleFor(c => c.Value).ValidImei().When(c => c.Kind == StoredName<WaiverBasis>.Of(WaiverBasis.Imei));
        RuleFor(c => c.Value).NotEmpty().Matches("^[0-9]{8}$").WithMessage("'{PropertyName}' must be a TAC: the IMEI's first 8 digits")
            .When(c => c.Kind == StoredName<WaiverBasis>.Of(WaiverBasis.Tac));
        RuleFor(c => c.Value).KnownCountry().When(c => c.Kind == StoredName<WaiverBasis>.Of(WaiverBasis.SalesMarket));
        RuleFor(c => c.Region!).KnownRegion().When(c => c.Region is not null);
        RuleFor(c => c.Basis).Text(200);
        RuleFor(c => c.Reason).Text(500);
        RuleFor(c => c.EffectiveFrom).Must(instant => instant.Year >= 2000).WithMessage("'{PropertyName}' is before the year 2000");
        RuleFor(c => c.ExpiresAt).NotEmpty().GreaterThan(c => c.EffectiveFrom)
            .WithMessage("'{PropertyName}' must be after 'effectiveFrom': every exemption ends");
    }
}

public static class Granting
{
    public static ExemptionGranted Decide(GrantExemption command, Guid exemptionId) =>
        new(exemptionId, StoredName<WaiverBasis>.Parse(command.Kind), command.Value, command.Region, command.Basis,
            command.Reason, command.EffectiveFrom, command.ExpiresAt);
}

/// <summary>The answer to a write on an exemption.</summary>
public sealed record ExemptionWritten(Guid ExemptionId, long Version);

public static class GrantExemptionEndpoint
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/exemptions"), ProducesResponseType<ExemptionWritten>(201)]
    public static (IResult, IStartStream) Post(GrantExemption command)
    {
        var granted = Granting.Decide(command, Guid.CreateVersion7());
        return (Results.Created($"/api/policy/exemptions/{granted.ExemptionId}", new ExemptionWritten(granted.ExemptionId, 1)),
                MartenOps.StartStream<Exemption>(granted.ExemptionId.ToString(), granted));
    }
}
