using Marten.Events;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.Reports;

/// <summary>The events of the given types that the ledger had recorded by the report's as-known-at, in sequence order.</summary>
public static class ReportEvents
{
    public static IAsyncEnumerable<IEvent> Read(IQuerySession session, ReportRequest request, Type[] types,
                                                CancellationToken cancellation) =>
        session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= request.AsKnownAt)
            .Where(e => e.EventTypesAre(types))
            .OrderBy(e => e.Sequence)
            .ToAsyncEnumerable(cancellation);

    /// <summary>
    /// The policy as the ledger knew it at the report's as-known-at instant: its one stream folded to then, as
    /// GET /api/policy?knownAt= does, rather than a scan of every event for the policy's types.
    /// </summary>
    public static async Task<RestrictionPolicy> PolicyKnown(IQuerySession session, ReportRequest request,
                                                            CancellationToken cancellation) =>
        await session.Events.AggregateStreamAsync<RestrictionPolicy>(RestrictionPolicy.StreamKey,
                                                                     timestamp: request.AsKnownAt, token: cancellation)
        ?? RestrictionPolicy.Empty;
}
