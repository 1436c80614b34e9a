using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Policy.Exemptions.Granting;

namespace RegionLock.Ledger.Policy.Exemptions.Revoking;

/// <summary>Ends an exemption before its expiry, from an instant.</summary>
public sealed record RevokeExemption(string Reason, DateTimeOffset EffectiveFrom) : ICommandWithReason;

public sealed class RevokeExemptionValidator : AbstractValidator<RevokeExemption>
{
    public RevokeExemptionValidator()
    {
        RuleFor(c => c.Reason).Text(500);
        RuleFor(c => c.EffectiveFrom).Must(instant => instant.Year >= 2000).WithMessage("'{PropertyName}' is before the year 2000");
    }
}

public static class Revoking
{
    public static ExemptionRevoked Decide(Exemption exemption, RevokeExemption command)
    {
        if (command.EffectiveFrom >= exemption.Until)
            throw new DomainConflict($"exemption {exemption.ExemptionId} already ends at {exemption.Until:O}");
        return new ExemptionRevoked(exemption.ExemptionId, command.Reason, command.EffectiveFrom);
    }
}

public static class RevokeExemptionEndpoint
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/exemptions/{id}/revoke"), ProducesResponseType<ExemptionWritten>(200)]
    public static ExemptionWritten Post(RevokeExemption command, [WriteAggregate("id")] IEventStream<Exemption> exemption)
    {
        exemption.AppendOne(Revoking.Decide(exemption.Aggregate!, command));
        return new ExemptionWritten(exemption.Aggregate!.ExemptionId, exemption.CurrentVersion!.Value);
    }
}
