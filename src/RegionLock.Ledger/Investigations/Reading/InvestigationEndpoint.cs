namespace RegionLock.Ledger.Investigations.Reading;

/// <param name="DevicesLocked">Devices ever locked under the investigation.</param>
/// <param name="Unlocked">Unlocks of its locks so far.</param>
/// <param name="Remaining">Devices still locked under it: after an <c>unlock_all</c>, what the bulk unlock has left.</param>
public sealed record InvestigationProgress(int DevicesLocked, int Unlocked, int Remaining);

public sealed record InvestigationView(Investigation Investigation, InvestigationProgress Progress);

public static class InvestigationEndpoint
{
    // The three counts in one statement over the inline lock records (committed with their events), found by the
    // investigation's index: one snapshot, so a bulk unlock is never seen half counted, and O(its locks) to read.
    private const string Progress =
        "select jsonb_build_object('devicesLocked', count(distinct data -> 'locked' ->> 'imei'), " +
        "'unlocked', count(unlocked_at), " +
        "'remaining', count(distinct data -> 'locked' ->> 'imei') filter (where unlocked_at is null)) " +
        $"from {LedgerSchema.Name}.mt_doc_lockrecord where lockedinvestigation_id = ?";

    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/investigations/{id}"), ProducesResponseType<InvestigationView>(200)]
    public static async Task<InvestigationView> Get(string id, IQuerySession session, CancellationToken cancellation)
    {
        var investigation = await session.LoadAsync<Investigation>(id, cancellation)
                            ?? throw new NotInLedger($"investigation {id} is not in the ledger");
        var progress = (await session.QueryAsync<InvestigationProgress>(Progress, cancellation, investigation.InvestigationId)).Single();
        return new InvestigationView(investigation, progress);
    }
}
