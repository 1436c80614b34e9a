namespace RegionLock.Ledger.Integrity;

/// <summary>Verification as a job: started by a request, followed by its URL, kept with what it found.</summary>
public static class VerificationEndpoints
{
    public const string Path = "/api/integrity/verifications";
    private const int MaxListed = 100;

    /// <summary>
    /// Starts verifying the whole ledger, or with <c>fromCheckpoint</c> only what was appended after that checkpoint;
    /// while one runs, the answer is that one.
    /// </summary>
    [Allow(Role.Auditor, Role.Admin)]
    [AsksNoChange]
    [WolverinePost(Path), ProducesResponseType<VerificationJob>(202)]
    public static async Task<IResult> Start([FromQuery(Name = "fromCheckpoint")] string? fromText, HttpContext context,
                                            VerificationJobs jobs, ChainStore chain, CancellationToken cancellation)
    {
        var from = QueryNumber.Parse(fromText, "fromCheckpoint", 1, long.MaxValue);
        if (from is { } size && await chain.Checkpoint(size, cancellation) is null)
            throw new NotInLedger($"no checkpoint of tree size {size} to verify from");
        var (job, _) = await jobs.Start(Actor.Of(context).Principal, from, cancellation);
        return Results.Accepted($"{Path}/{job.Id}", job);
    }

    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet(Path + "/{id}"), ProducesResponseType<VerificationJob>(200)] // {id} checked by RouteValuesPolicy
    public static async Task<VerificationJob> Get(string id, VerificationJobs jobs, CancellationToken cancellation) =>
        await jobs.Find(Guid.Parse(id), cancellation) ?? throw new NotInLedger($"no verification {id}");

    /// <summary>The latest verifications first.</summary>
    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet(Path), ProducesResponseType<IReadOnlyList<VerificationJob>>(200)]
    public static Task<List<VerificationJob>> List([FromQuery(Name = "limit")] string? limitText, VerificationJobs jobs,
                                                   CancellationToken cancellation) =>
        jobs.List((int)(QueryNumber.Parse(limitText, "limit", 1, MaxListed) ?? 20), cancellation);

    /// <summary>The latest finished verification: a read of its kept result, never a verification in the request.</summary>
    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/verify"), ProducesResponseType<VerificationJob>(200)]
    public static async Task<VerificationJob> Latest(VerificationJobs jobs, CancellationToken cancellation) =>
        await jobs.LatestFinished(cancellation)
        ?? throw new NotInLedger($"no verification has finished yet: start one with POST {Path}");
}
