using Microsoft.Extensions.Options;
using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Policy.Impact;

/// <summary>A proposed restriction or lift of a region, to weigh before it is made.</summary>
/// <param name="Change">restrict or lift.</param>
/// <param name="At">The instant that stands for "now" (default: the request's time): the same ledger and instants give the same answer.</param>
public sealed record AnalyseImpact(string Change, string Region, DateTimeOffset EffectiveFrom, DateTimeOffset? At = null);

public sealed class AnalyseImpactValidator : AbstractValidator<AnalyseImpact>
{
    public AnalyseImpactValidator()
    {
        RuleFor(c => c.Change).OneOf<AnalyseImpact, PolicyChangeKind>();
        RuleFor(c => c.Region).KnownRegion();
        RuleFor(c => c.EffectiveFrom).Must(instant => instant.Year >= 2000).WithMessage("'{PropertyName}' is before the year 2000");
        RuleFor(c => c.At).Must(instant => instant!.Value.Year >= 2000).WithMessage("'{PropertyName}' is before the year 2000")
            .When(c => c.At is not null);
    }
}

/// <summary>Runs an analysis: the endpoint, the CLI and a policy change's four eyes all come here.</summary>
public sealed class ImpactAnalyst(ImpactReader reader, IOptions<PolicySettings> settings)
{
    public async Task<ImpactAnalysis> Analyse(PolicyChangeKind change, string region, DateTimeOffset effectiveFrom,
                                              DateTimeOffset now, CancellationToken cancellation)
    {
        var ledger = await reader.Read(change, region, now, cancellation);
        return Impact.Analyse(ledger, change, region, effectiveFrom, now, settings.Value.RoamingAllowance);
    }
}

public static class AnalyseImpactEndpoint
{
    [Allow(Role.Compliance, Role.Auditor)]
    [WolverinePost("/api/policy/impact"), AsksNoChange, ProducesResponseType<ImpactAnalysis>(200)]
    public static Task<ImpactAnalysis> Post(AnalyseImpact command, ImpactAnalyst analyst, TimeProvider clock,
                                            CancellationToken cancellation) =>
        analyst.Analyse(StoredName<PolicyChangeKind>.Parse(command.Change), command.Region, command.EffectiveFrom,
                        command.At ?? clock.GetUtcNow(), cancellation);
}
