using Npgsql;
using NpgsqlTypes;

namespace RegionLock.Ledger.Reports;

/// <summary>
/// Waits, before a report or export reads "as known at" an instant, until every transaction that began by then (and a
/// margin after) has ended: one still open could yet add to what was known at the instant, and the same report made
/// again later would differ. Marten 9 stamps an event with the appending node's clock when it is appended, a moment
/// before its transaction begins: the margin covers that moment and the clocks' drift. A report "as known at now"
/// under a steady load of writes therefore waits about the margin, since transactions keep beginning within it. (A
/// role sees only its own sessions' transactions in pg_stat_activity: the service's.) It answers where the primary's
/// WAL stood then: a standby that has replayed up to there holds all that was known at the instant.
/// </summary>
public sealed class SettledInstant(NpgsqlDataSource database)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100), Limit = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public async Task<NpgsqlLogSequenceNumber> Await(DateTimeOffset asKnownAt, CancellationToken cancellation)
    {
        for (var waited = TimeSpan.Zero; ; waited += Poll)
        {
            await using var command = database.CreateCommand(
                "select (select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() " +
                // An instant still to come cannot be reproduced anyway: whatever commits before it counts.
                "and xact_start <= $2 and $1 <= now()), pg_current_wal_lsn()");
            command.Parameters.Add(new NpgsqlParameter { Value = asKnownAt });
            command.Parameters.Add(new NpgsqlParameter { Value = asKnownAt + Margin });
            await using (var reader = await command.ExecuteReaderAsync(cancellation))
            {
                await reader.ReadAsync(cancellation);
                if (reader.GetInt64(0) == 0) return reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
            }
            if (waited >= Limit)
                throw new DomainConflict("transactions that began before the as-known-at instant are still open; retry in a few seconds");
            await Task.Delay(Poll, cancellation);
        }
    }
}
