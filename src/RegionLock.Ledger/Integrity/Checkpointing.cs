using Microsoft.Extensions.Options;
using Npgsql;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Signs a Merkle tree head over the whole chain when the chain has grown, at most once every
/// Integrity:CheckpointSeconds (default 1), twice over: the ledger's own statement (ECDSA, with the chain hash) and
/// the C2SP checkpoint note (Ed25519), which is then cosigned and published. An idle tick costs two index reads; a
/// checkpoint reads O(log n) stored hashes for its root. Two nodes may race: the tree size is the key, the first one
/// stored stands (both heads are equal).
/// </summary>
public sealed class Checkpointing(NpgsqlDataSource database, ChainStore chain, StoredTree tree, ISigningKeys signingKeys,
                                  LogSigner logSigner, Publication publication, Timestamping timestamping, CheckpointDue due, KeyHistory keys,
                                  TimeProvider clock, IOptions<IntegritySettings> settings, ILogger<Checkpointing> log)
    : BackgroundService
{
    /// <summary>How long a node that never hears the chain grow (it runs no daemon) waits before it looks itself.</summary>
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(10);

    /// <summary>Signs a checkpoint over every chained event, unless the latest one already covers them all.</summary>
    public async Task<Checkpoint?> CreateAsync(CancellationToken cancellation)
    {
        var latest = await chain.LatestCheckpoint(cancellation);
        var head = await chain.Head(cancellation);
        if (head is null || head.TreeSize == latest?.TreeSize) return latest;

        // One key for the statement and its signature, and only a key the history vouches for.
        var key = signingKeys.Required(SigningKeyKind.Checkpoint);
        var logKey = logSigner.Current;
        await keys.EnsureRecorded(key, cancellation);
        await keys.EnsureRecorded(logKey.Signing, cancellation);
        var size = head.TreeSize;
        var root = await tree.Root(size, cancellation);
        var unsigned = new Checkpoint(size, head.Sequence, root, head.ChainHash, PostgresTime.Stored(clock.GetUtcNow()), key.KeyId, []);
        var checkpoint = unsigned with { Signature = key.Sign(unsigned.Statement()), Note = logSigner.SignedCheckpoint(size, root, logKey) };
        await using var insert = database.CreateCommand(
            $"insert into {IntegritySchema.CheckpointTable} (tree_size, last_sequence, root_hash, chain_hash, created_at, key_id, signature, note) " +
            "values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing");
        foreach (var value in new object[] { checkpoint.TreeSize, checkpoint.LastSequence, checkpoint.RootHash,
                                             checkpoint.ChainHash, checkpoint.CreatedAt, checkpoint.KeyId, checkpoint.Signature,
                                             checkpoint.Note })
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        await insert.ExecuteNonQueryAsync(cancellation);
        return checkpoint;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var spacing = TimeSpan.FromSeconds(settings.Value.CheckpointSeconds);
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(spacing, clock, stopping);
            await due.Wait(spacing > Fallback ? spacing : Fallback, stopping);
            try
            {
                await CreateAsync(stopping);
                // Also a checkpoint signed earlier and not yet published: witnesses that were away are asked again.
                await publication.PublishAsync(stopping);
                await timestamping.StampAsync(stopping);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // A key the history does not vouch for, or a key file gone: nothing is signed until someone acts.
                log.LogError(e, "no checkpoint signed: {Reason}", e.Message);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database away or a write refused: a timer's failure must not stop the service (a background
                // service that throws stops the host); the next tick tries again.
                log.LogWarning(e, "checkpoint skipped; the next tick tries again");
            }
        }
    }
}
