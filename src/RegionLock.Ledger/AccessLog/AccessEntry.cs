using JasperFx.Events.Projections;
using Marten.Events.Projections;
using RegionLock.Ledger.Infrastructure.Writes;

namespace RegionLock.Ledger.AccessLog;

/// <summary>An entry of the access log as auditors list it.</summary>
public sealed record AccessEntry(Guid Id, string Kind, string Target, string? Purpose, string? Principal, string? Role,
                                 DateTimeOffset RecordedAt);

/// <summary>Folded inline from the access-log streams, one document per entry: committed with its event.</summary>
public sealed partial class AccessEntryProjection : MultiStreamProjection<AccessEntry, Guid>
{
    public AccessEntryProjection() => Identity<DataAccessed>(e => e.EntryId);

    public AccessEntry Create(IEvent<DataAccessed> e) =>
        new(e.Data.EntryId, e.Data.Kind, e.Data.Target, e.Data.Purpose, e.GetHeader(CommandMetadata.Keys.Principal)?.ToString(),
            e.GetHeader(CommandMetadata.Keys.Role)?.ToString(), PostgresTime.Stored(e.Timestamp));

    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<AccessEntryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<AccessEntry>().Duplicate(a => a.RecordedAt);
    }
}
