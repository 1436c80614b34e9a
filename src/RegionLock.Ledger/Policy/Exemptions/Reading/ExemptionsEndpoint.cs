namespace RegionLock.Ledger.Policy.Exemptions.Reading;

/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
public sealed record ExemptionsPage(DateTimeOffset At, IReadOnlyList<Exemption> Exemptions, Guid? Next);

public static class ExemptionsEndpoint
{
    /// <summary>The exemptions in force at an instant (now by default), a page at a time in the order they were granted.</summary>
    [Allow(Role.Support, Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/policy/exemptions"), ProducesResponseType<ExemptionsPage>(200)]
    public static async Task<ExemptionsPage> Get([FromQuery(Name = "at")] string? atText, [FromQuery] Guid? after,
                                                 IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var at = Instant.ParseOptional(atText, "at") ?? clock.GetUtcNow();
        var query = session.Query<Exemption>().Where(e => e.EffectiveFrom <= at && e.Until > at);
        var (exemptions, next) = await KeysetPage.Read(query, e => e.ExemptionId, after, cancellation);
        return new ExemptionsPage(at, exemptions, next);
    }

    [Allow(Role.Support, Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/policy/exemptions/{id}"), ProducesResponseType<Exemption>(200)]
    public static async Task<Exemption> GetOne(string id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Exemption>(id, cancellation) ?? throw new NotInLedger($"exemption {id} is not in the ledger");
}
