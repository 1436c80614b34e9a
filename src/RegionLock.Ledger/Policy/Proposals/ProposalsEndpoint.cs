namespace RegionLock.Ledger.Policy.Proposals;

/// <summary>A proposal as read at an instant: its status counts expiry.</summary>
public sealed record ProposalView(Proposal Proposal, ProposalStatus Status);

public static class ProposalsEndpoint
{
    /// <summary>Proposals, newest first; by default those still awaiting a decision.</summary>
    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/policy/proposals"), ProducesResponseType<IReadOnlyList<ProposalView>>(200)]
    public static async Task<IReadOnlyList<ProposalView>> Get([FromQuery] string? status, IQuerySession session,
                                                              TimeProvider clock, CancellationToken cancellation)
    {
        if (status is not null && status != "all" && !StoredName<ProposalStatus>.IsOne(status))
            throw new BadHttpRequestException($"'status' must be all or one of: {string.Join(", ", StoredName<ProposalStatus>.All)}", 400);
        var now = clock.GetUtcNow();
        var policy = await session.QueryByPlanAsync(CurrentPolicy.Plan, cancellation);
        return policy.Proposals.Select(p => new ProposalView(p, p.StatusAt(now)))
            .Where(v => status == "all" || v.Status == StoredName<ProposalStatus>.Parse(status ?? "pending"))
            .OrderByDescending(v => v.Proposal.ProposedAt).ToList();
    }

    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/policy/proposals/{id}"), ProducesResponseType<ProposalView>(200)]
    public static async Task<ProposalView> GetOne(string id, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var policy = await session.QueryByPlanAsync(CurrentPolicy.Plan, cancellation);
        var proposal = policy.FindProposal(Guid.Parse(id)) ?? throw new NotInLedger($"proposal {id} is not in the ledger");
        return new ProposalView(proposal, proposal.StatusAt(clock.GetUtcNow()));
    }
}
