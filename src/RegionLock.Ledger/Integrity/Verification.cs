using System.Text;
using Npgsql;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Integrity;

/// <summary>What verification found: intact, or the first sequence where the record differs from what was chained.</summary>
/// <param name="ChainedThrough">The last sequence the chain covers; events after it are not chained yet.</param>
/// <param name="Pending">Events after the chain's head: appended in the last seconds, or inserted behind its back.</param>
public sealed record VerificationReport(bool Intact, long EventsVerified, long? ChainedThrough, long Pending,
                                        int CheckpointsVerified, TamperFinding? FirstFinding);

/// <param name="Kind">edited, deleted, inserted, reordered, chain_edited, checkpoint_mismatch, signature_invalid.</param>
/// <param name="Sequence">The first sequence where the record differs (for a checkpoint: its last sequence).</param>
public sealed record TamperFinding(string Kind, long Sequence, string Detail);

/// <summary>
/// Re-reads every event in sequence order beside the chain, recomputes each leaf and chain hash and the Merkle tree
/// heads of the signed checkpoints, and stops at the first difference. Streams both tables: memory does not grow
/// with the number of events.
/// </summary>
public sealed class Verification(NpgsqlDataSource database, ChainStore chain, CheckpointSigner signer)
{
    public async Task<VerificationReport> RunAsync(IProgress<long>? progress, CancellationToken cancellation)
    {
        var checkpoints = new Queue<Checkpoint>(await chain.Checkpoints(cancellation));
        var verifiedCheckpoints = 0;
        foreach (var checkpoint in checkpoints)
        {
            if (!CheckpointSigner.Verify(signer.PublicKeyPem, checkpoint.Statement(), checkpoint.Signature))
                return Found(new TamperFinding("signature_invalid", checkpoint.LastSequence,
                    $"the signature of checkpoint {checkpoint.TreeSize} does not verify with key {signer.KeyId}"), 0, null, 0, 0);
        }

        await using var connection = await database.OpenConnectionAsync(cancellation);
        var head = await ChainHead(connection, cancellation);
        await using var command = new NpgsqlCommand(
            $"""
             select coalesce(e.seq_id, c.sequence), e.encoding, c.leaf_index, c.leaf_hash, c.chain_hash
             from (select seq_id, {EventLeaves.EncodingSql} as encoding from {LedgerHost.EventTable}) e
             full outer join {IntegritySchema.ChainTable} c on c.sequence = e.seq_id
             order by 1
             """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);

        var tree = new MerkleAccumulator();
        var previous = HashChain.Start;
        long verified = 0, pending = 0;
        while (await reader.ReadAsync(cancellation))
        {
            var sequence = reader.GetInt64(0);
            var hasEvent = !reader.IsDBNull(1);
            var isChained = !reader.IsDBNull(2);
            if (!isChained)
            {
                if (head is not null && sequence < head)
                    return Found(new TamperFinding("inserted", sequence,
                        $"event {sequence} lies inside the chain but was never chained"), verified, head, pending, verifiedCheckpoints);
                pending++;
                continue;
            }
            if (!hasEvent)
                return Found(new TamperFinding("deleted", sequence, $"event {sequence} was chained and is gone"),
                             verified, head, pending, verifiedCheckpoints);

            var leafHash = MerkleTree.LeafHash(Encoding.UTF8.GetBytes(reader.GetString(1)));
            var chainHash = HashChain.Next(previous, leafHash);
            if (reader.GetInt64(2) != tree.Size)
                return Found(new TamperFinding("reordered", sequence,
                    $"event {sequence} is leaf {reader.GetInt64(2)} of the chain where leaf {tree.Size} was expected"),
                    verified, head, pending, verifiedCheckpoints);
            if (!leafHash.AsSpan().SequenceEqual((byte[])reader[3]))
                return Found(new TamperFinding("edited", sequence,
                    $"event {sequence} differs from the event that was chained"), verified, head, pending, verifiedCheckpoints);
            if (!chainHash.AsSpan().SequenceEqual((byte[])reader[4]))
                return Found(new TamperFinding("chain_edited", sequence,
                    $"the stored chain hash of event {sequence} is not the chain of the events before it"),
                    verified, head, pending, verifiedCheckpoints);

            tree.Add(leafHash);
            previous = chainHash;
            verified++;
            if (verified % 100_000 == 0) progress?.Report(verified);

            while (checkpoints.TryPeek(out var checkpoint) && checkpoint.TreeSize == tree.Size)
            {
                checkpoints.Dequeue();
                if (!tree.Root().AsSpan().SequenceEqual(checkpoint.RootHash) || checkpoint.LastSequence != sequence)
                    return Found(new TamperFinding("checkpoint_mismatch", sequence,
                        $"the events up to {sequence} no longer give the tree head signed at {checkpoint.CreatedAt:O} " +
                        $"(size {checkpoint.TreeSize}): an event after the previous checkpoint was changed and re-chained"),
                        verified, head, pending, verifiedCheckpoints);
                verifiedCheckpoints++;
            }
        }
        progress?.Report(verified);
        if (checkpoints.TryPeek(out var missing))
            return Found(new TamperFinding("deleted", missing.LastSequence,
                $"checkpoint {missing.TreeSize} covers more events than the chain now holds"), verified, head, pending, verifiedCheckpoints);
        return new VerificationReport(true, verified, head, pending, verifiedCheckpoints, null);
    }

    private static VerificationReport Found(TamperFinding finding, long verified, long? head, long pending, int checkpoints) =>
        new(false, verified, head, pending, checkpoints, finding);

    private static async Task<long?> ChainHead(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select max(sequence) from {IntegritySchema.ChainTable}", connection);
        return await command.ExecuteScalarAsync(cancellation) as long?;
    }
}
