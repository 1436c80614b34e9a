namespace RegionLock.Ledger.Policy.Reading;

/// <param name="AsOf">The business instant the policy is in force at.</param>
/// <param name="KnownAt">When given, only the changes the ledger had recorded by then count.</param>
public sealed record PolicyView(DateTimeOffset AsOf, DateTimeOffset? KnownAt, int Version,
                                IReadOnlyList<Restriction> Restrictions, IReadOnlyList<PolicyChange> Changes);

public static class PolicyEndpoint
{
    [Allow]
    [WolverineGet("/api/policy"), ProducesResponseType<PolicyView>(200)]
    public static async Task<PolicyView> Get([FromQuery(Name = "asOf")] string? asOfText,
                                             [FromQuery(Name = "knownAt")] string? knownAtText,
                                             IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var asOf = Instant.ParseOptional(asOfText, "asOf") ?? clock.GetUtcNow();
        var knownAt = Instant.ParseOptional(knownAtText, "knownAt");
        var policy = knownAt is null
            ? await session.LoadAsync<RestrictionPolicy>(RestrictionPolicy.StreamKey, cancellation)
            : await session.Events.AggregateStreamAsync<RestrictionPolicy>(RestrictionPolicy.StreamKey, timestamp: knownAt, token: cancellation);
        policy ??= RestrictionPolicy.Empty;

        var inForce = policy.At(asOf);
        return new PolicyView(asOf, knownAt, inForce.Version, inForce.Restrictions, policy.Changes);
    }
}
