using System.Security.Claims;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Releasing;
using Wolverine;

namespace RegionLock.Ledger.Policy.Releasing;

/// <summary>
/// After a region's restriction is lifted, unlocks every device locked there outside an investigation (reason
/// <c>policy_lifted</c>), with the durable bulk unlock. Lifting alone never unlocks anything.
/// </summary>
public static class ReleaseRegionLocks
{
    public static ReleaseLocks Decide(PolicyInForce now, string region, Actor requestedBy) =>
        now.For(region) is { } restriction
            ? throw new DomainConflict(
                $"{region} is still restricted (since policy version {restriction.Version}); lift the restriction first")
            : new ReleaseLocks(UnlockReason.PolicyLifted, null, region, requestedBy);
}

/// <param name="Remaining">Devices still locked in the region outside investigations: zero once the release is done.</param>
public sealed record RegionRelease(string Region, int Remaining);

public static class ReleaseRegionLocksEndpoint
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/policy/restrictions/{region}/release"), ProducesResponseType<RegionRelease>(202)]
    public static async Task<IResult> Post(string region, IQuerySession session, IMessageBus bus, HttpContext context,
                                           TimeProvider clock, CancellationToken cancellation)
    {
        var policy = await session.QueryByPlanAsync(CurrentPolicy.Plan, cancellation);
        await bus.PublishAsync(ReleaseRegionLocks.Decide(policy.At(clock.GetUtcNow()), region, Actor.Of(context)));
        return Results.Accepted($"/api/policy/restrictions/{region}/release",
                                new RegionRelease(region, await Remaining(session, region, cancellation)));
    }

    [Allow]
    [WolverineGet("/api/policy/restrictions/{region}/release"), ProducesResponseType<RegionRelease>(200)]
    public static async Task<RegionRelease> Get(string region, IQuerySession session, CancellationToken cancellation) =>
        new(region, await Remaining(session, region, cancellation));

    private static Task<int> Remaining(IQuerySession session, string region, CancellationToken cancellation) =>
        session.Query<Device>().CountAsync(d => d.ActiveLocks.Any(l => l.Region == region && l.InvestigationId == null),
                                           cancellation);
}
