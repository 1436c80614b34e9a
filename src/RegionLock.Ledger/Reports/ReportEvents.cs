using JasperFx.Events;
using Marten;
using Marten.Events;

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
}
