using System.Data;
using System.Text.Json;
using SessionOptions = Marten.Services.SessionOptions;
using Npgsql;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Policy.Impact;

/// <summary>
/// Reads what an impact analysis needs in one repeatable-read transaction, so that its figures and the event sequence
/// it names describe the same ledger state. The device snapshots are inline, committed with their events.
/// </summary>
public sealed class ImpactReader(IDocumentStore store, NpgsqlDataSource database)
{
    public async Task<ImpactLedger> Read(PolicyChangeKind change, string region, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
        await using var session = store.QuerySession(SessionOptions.ForTransaction(transaction));

        var sequence = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {LedgerSchema.EventTable}", cancellation)).Single();
        var policy = await session.LoadAsync<RestrictionPolicy>(RestrictionPolicy.StreamKey, cancellation) ?? RestrictionPolicy.Empty;
        var devices = change == PolicyChangeKind.Restrict
            // Devices seen in the region or a region inside it: one pass over the device table, nothing per event.
            ? await session.QueryAsync<Device>(
                "where exists (select 1 from jsonb_array_elements(data -> 'presence') p where p ->> 'region' = any(?))",
                cancellation, [RegionCatalogue.Shared.AndWithin(region).ToArray()]) // one parameter: the array, not its items
            : await session.QueryAsync<Device>("where data -> 'activeLocks' @> ?::jsonb", cancellation,
                                               JsonSerializer.Serialize(new[] { new { region } }));
        var exemptions = await session.Query<Exemption>().Where(e => e.Until > now).ToListAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return new ImpactLedger(sequence, policy, devices, exemptions);
    }
}
