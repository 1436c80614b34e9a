using Marten.Services.BatchQuerying;

namespace RegionLock.Ledger.Policy;

/// <summary>
/// The policy as it stands, read in the same batch as the device a command writes to: an endpoint's Load method
/// returns this plan and Wolverine enlists it in the batch that fetches the aggregate, one round trip for both.
/// </summary>
public sealed class CurrentPolicy : IQueryPlan<RestrictionPolicy>, IBatchQueryPlan<RestrictionPolicy>
{
    public static readonly CurrentPolicy Plan = new();

    public async Task<RestrictionPolicy> Fetch(IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<RestrictionPolicy>(RestrictionPolicy.StreamKey, token) ?? RestrictionPolicy.Empty;

    public async Task<RestrictionPolicy> Fetch(IBatchedQuery query) =>
        await query.Load<RestrictionPolicy>(RestrictionPolicy.StreamKey) ?? RestrictionPolicy.Empty;
}
