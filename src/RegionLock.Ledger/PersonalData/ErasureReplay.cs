using Npgsql;
using RegionLock.Ledger.Appeals;

namespace RegionLock.Ledger.PersonalData;

/// <summary>
/// At start, before the service answers: every erasure of the list whose subject still has a key here (a database
/// restored from before it) is applied again: the key destroyed and, where the appeal does not say so, the erasure
/// recorded anew, naming when it was first made. Subjects are looked up a batch at a time by the key table's index.
/// </summary>
public sealed class ErasureReplay(ErasureList list, IDocumentStore store, NpgsqlDataSource database, TimeProvider clock,
                                  ILogger<ErasureReplay> logger) : IHostedService
{
    private const int Batch = 10_000;

    public async Task StartAsync(CancellationToken cancellation)
    {
        var reapplied = 0;
        foreach (var chunk in list.Read().Chunk(Batch))
        {
            await using var command = database.CreateCommand(
                $"select subject from {PersonalDataVault.KeyTable} where subject = any($1) and key is not null");
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(e => e.Subject).ToArray() });
            var present = new HashSet<string>();
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellation);
                while (await reader.ReadAsync(cancellation)) present.Add(reader.GetString(0));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return; // a ledger without its schema yet holds no keys
            }
            foreach (var (subject, at) in chunk.Where(e => present.Contains(e.Subject)))
            {
                await Reapply(subject, at, cancellation);
                reapplied++;
            }
        }
        if (reapplied > 0) logger.LogWarning("{Count} erasures from the erasure list applied again: the database was restored from before them", reapplied);
    }

    private async Task Reapply(string subject, DateTimeOffset erasedAt, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var appeal = await session.LoadAsync<Appeal>(subject, cancellation);
        if (appeal is { PersonalDataErasedAt: null })
        {
            var erased = new PersonalDataErased(appeal.AppealId, $"erased at {erasedAt:O}; applied again from the erasure list after a restore", clock.GetUtcNow());
            session.Events.Append(subject, CommandMetadata.ActorEvent(erased, new Actor("regionlock-ledger", Role.Admin)));
        }
        PersonalDataVault.Erase(session, subject, erasedAt);
        await session.SaveChangesAsync(cancellation);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
