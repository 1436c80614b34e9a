using Marten.Services.BatchQuerying;
using RegionLock.Ledger.Devices.Observing;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Exemptions;

namespace RegionLock.Ledger.Devices.Enforcing;

/// <summary>What enforcement consults about one observation: the policy, and the exemptions that could cover the device.</summary>
public sealed record EnforcementRules(RestrictionPolicy Policy, IReadOnlyList<Exemption> Exemptions);

/// <summary>
/// The rules for one device, read in the batch that fetches the device: the policy, and the exemptions naming its IMEI
/// or TAC or any sales market that have not ended by the observation (a handful; each found by the indexed value).
/// </summary>
public sealed class EnforcementRulesFor(string imei, DateTimeOffset observedAt)
    : IQueryPlan<EnforcementRules>, IBatchQueryPlan<EnforcementRules>
{
    public async Task<EnforcementRules> Fetch(IQuerySession session, CancellationToken token)
    {
        var batch = session.CreateBatchQuery();
        var rules = Fetch(batch);
        await batch.Execute(token);
        return await rules;
    }

    public async Task<EnforcementRules> Fetch(IBatchedQuery query)
    {
        var policy = query.Load<RestrictionPolicy>(RestrictionPolicy.StreamKey);
        var tac = imei.Length >= 8 ? imei[..8] : imei;
        var exemptions = query.Query<Exemption>()
            .Where(e => (e.Value == imei || e.Value == tac || e.Kind == WaiverBasis.SalesMarket) && e.Until > observedAt)
            .ToList();
        return new EnforcementRules(await policy ?? RestrictionPolicy.Empty, await exemptions);
    }
}
