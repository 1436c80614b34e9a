using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Investigations.Opening;

/// <summary>Opens a named inquiry into devices seen in some regions; locks may then name it.</summary>
public sealed record OpenInvestigation(string Title, IReadOnlyList<string> Regions);

public sealed class OpenInvestigationValidator : AbstractValidator<OpenInvestigation>
{
    public OpenInvestigationValidator()
    {
        RuleFor(c => c.Title).Text(200);
        RuleFor(c => c.Regions).NotEmpty().Must(r => r.Count <= 50).WithMessage("'{PropertyName}' names at most 50 regions")
            .Must(r => r.Distinct().Count() == r.Count).WithMessage("'{PropertyName}' names a region twice");
        RuleForEach(c => c.Regions).KnownRegion();
    }
}

public static class Opening
{
    public static InvestigationOpened Decide(OpenInvestigation command, Guid investigationId, DateTimeOffset now) =>
        new(investigationId, command.Title, command.Regions, now);
}

public static class OpenInvestigationEndpoint
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/investigations"), ProducesResponseType<InvestigationWritten>(201)]
    public static (IResult, IStartStream) Post(OpenInvestigation command, TimeProvider clock)
    {
        var opened = Opening.Decide(command, Guid.CreateVersion7(), clock.GetUtcNow());
        return (Results.Created($"/api/investigations/{opened.InvestigationId}", new InvestigationWritten(opened.InvestigationId, 1)),
                MartenOps.StartStream<Investigation>(opened.InvestigationId.ToString(), opened));
    }
}
