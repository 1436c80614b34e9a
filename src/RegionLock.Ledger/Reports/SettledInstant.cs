using Npgsql;

namespace RegionLock.Ledger.Reports;

/// <summary>
/// Waits, before a report or export reads "as known at" an instant, until every transaction that began by then (and a
/// margin after) has ended: one still open could yet add to what was known at the instant, and the same report made
/// again later would differ. Marten 9 stamps an event with the appending node's clock when it is appended, a moment
/// before its transaction begins: the margin covers that moment and the clocks' drift. A report "as known at now"
/// under a steady load of writes therefore waits about the margin, since transactions keep beginning within it. (A
/// role sees only its own sessions' transactions in pg_stat_activity: the service's.)
/// </summary>
public sealed class SettledInstant(NpgsqlDataSource database)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100), Limit = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public async Task Await(DateTimeOffset asKnownAt, CancellationToken cancellation)
    {
        for (var waited = TimeSpan.Zero; ; waited += Poll)
        {
            await using var command = database.CreateCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start <= $2 " +
                // An instant still to come cannot be reproduced anyway: whatever commits before it counts.
                "and $1 <= now()");
            command.Parameters.Add(new NpgsqlParameter { Value = asKnownAt });
            command.Parameters.Add(new NpgsqlParameter { Value = asKnownAt + Margin });
            if ((long)(await command.ExecuteScalarAsync(cancellation))! == 0) return;
            if (waited >= Limit)
                throw new DomainConflict("transactions that began before the as-known-at instant are still open; retry in a few seconds");
            await Task.Delay(Poll, cancellation);
        }
    }
}
