using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Degraded while an event the chain refused (no valid seal: written behind the service's back) is still in the
/// record: the service goes on serving, and says why until the admin role has examined and removed the row.
/// </summary>
public sealed class RefusedEventsHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"""
             select r.sequence, r.reason, count(*) over ()
             from {IntegritySchema.RefusedTable} r join {LedgerSchema.EventTable} e on e.seq_id = r.sequence
             order by r.sequence limit 1
             """);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? HealthCheckResult.Degraded(
                $"{reader.GetInt64(2)} event(s) in the record were refused by the integrity chain; the first, sequence " +
                $"{reader.GetInt64(0)}: {reader.GetString(1)}")
            : HealthCheckResult.Healthy("every event in the record was sealed by the service");
    }
}

/// <summary>Adds <see cref="EventSealing"/> to the store, with the sealer from the container.</summary>
public sealed class SealingConfiguration(EventSealer sealer) : Marten.IConfigureMarten
{
    public void Configure(IServiceProvider services, Marten.StoreOptions options) => options.Listeners.Add(new EventSealing(sealer));
}
