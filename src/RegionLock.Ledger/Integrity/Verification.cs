using System.Text;
using Npgsql;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Re-reads every event in sequence order beside the chain, recomputes each leaf and chain hash, the tree hashes
/// above them and the heads of the signed checkpoints, and reports every difference (up to a cap). After a finding
/// it goes on from the stored hashes, so that one change is reported once and the next one is still found. Streams
/// the events, the tree and the checkpoints: memory does not grow with the ledger. From an already verified
/// checkpoint it starts at that checkpoint's edge of the stored tree, checked against its signed head: O(new events).
/// </summary>
public sealed class Verification(NpgsqlDataSource database, ChainStore chain, StoredTree tree, KeyHistory keys,
                                 Log.LogStore log, TimeProvider clock,
                                 Microsoft.Extensions.Options.IOptions<IntegritySettings> settings)
{
    public const int DefaultFindingsCap = 1000;

    /// <summary>How many chained events a verification from <paramref name="fromCheckpoint"/> covers: its progress total.</summary>
    public async Task<long> EventsToVerify(long? fromCheckpoint, CancellationToken cancellation) =>
        Math.Max(0, ((await chain.Head(cancellation))?.TreeSize ?? 0) - (fromCheckpoint ?? 0));

    public async Task<VerificationReport> RunAsync(long? fromCheckpoint, IProgress<long>? progress,
                                                   CancellationToken cancellation, int findingsCap = DefaultFindingsCap)
    {
        var head = (await chain.Head(cancellation))?.Sequence;
        var run = new Run(await keys.Read(cancellation), findingsCap);
        var after = 0L;
        if (fromCheckpoint is { } size)
        {
            var start = await chain.Checkpoint(size, cancellation)
                        ?? throw new NotInLedger($"no checkpoint of tree size {size} to verify from");
            run.Check(start);
            var edge = await tree.Edge(size, [], cancellation);
            if (!edge.Root().AsSpan().SequenceEqual(start.RootHash))
                run.Find("checkpoint_mismatch", start.LastSequence,
                         $"the stored tree of size {size} does not give the head signed in that checkpoint");
            run.StartAt(edge, start.ChainHash);
            after = start.LastSequence;
        }

        await using var events = await database.OpenConnectionAsync(cancellation);
        await using var rows = await EventsBesideChain(events, after, cancellation);
        await using var storedTree = await StoredTreeHashes.Open(database, run.Tree.Size, cancellation);
        await using var checkpoints = chain.Checkpoints(run.Tree.Size, cancellation).GetAsyncEnumerator(cancellation);
        var hasCheckpoint = await checkpoints.MoveNextAsync();

        while (await rows.ReadAsync(cancellation))
        {
            var sequence = rows.GetInt64(0);
            if (rows.IsDBNull(2))
            {
                if (!rows.IsDBNull(5))
                    run.Find("inserted", sequence, $"event {sequence} was refused by the chain: {rows.GetString(5)}");
                else if (head is not null && sequence < head)
                    run.Find("inserted", sequence, $"event {sequence} lies inside the chain but was never chained");
                else run.Pending++;
                continue;
            }
            var stored = new ChainRow(sequence, rows.GetInt64(2), (byte[])rows[3], (byte[])rows[4]);
            var encoding = rows.IsDBNull(1) ? null : rows.GetString(1);
            foreach (var completed in run.Leaf(stored, encoding)) await storedTree.Expect(completed, sequence, run);

            while (hasCheckpoint && checkpoints.Current.TreeSize == run.Tree.Size)
            {
                run.Reached(checkpoints.Current, sequence);
                hasCheckpoint = await checkpoints.MoveNextAsync();
            }
            if (run.Verified % 100_000 == 0) progress?.Report(run.Verified);
        }
        progress?.Report(run.Verified);
        await storedTree.End(run, head ?? 0);
        for (; hasCheckpoint; hasCheckpoint = await checkpoints.MoveNextAsync())
        {
            run.Check(checkpoints.Current);
            run.Find("deleted", checkpoints.Current.LastSequence,
                     $"checkpoint {checkpoints.Current.TreeSize} covers more events than the chain now holds");
        }
        await FindUnstamped(run, cancellation);
        return run.Report(head, fromCheckpoint);
    }

    /// <summary>
    /// With a time-stamp authority configured, each published checkpoint older than Integrity:TimestampDeadlineSeconds
    /// without a token: the outside evidence of its time is missing (the authority was away, or the token was deleted).
    /// </summary>
    private async Task FindUnstamped(Run run, CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(settings.Value.TimestampAuthorityUrl)) return;
        var deadline = clock.GetUtcNow() - TimeSpan.FromSeconds(settings.Value.TimestampDeadlineSeconds);
        await foreach (var (size, lastSequence, publishedAt) in log.UnstampedBefore(deadline, cancellation))
            run.Find("timestamp_missing", lastSequence,
                     $"checkpoint {size}, published at {publishedAt:O}, has no time-stamp from the authority");
    }

    private static async Task<NpgsqlDataReader> EventsBesideChain(NpgsqlConnection connection, long after,
                                                                 CancellationToken cancellation)
    {
        var command = new NpgsqlCommand(
            $"""
             select coalesce(e.seq_id, c.sequence), e.encoding, c.leaf_index, c.leaf_hash, c.chain_hash, r.reason
             from (select seq_id, {EventLeaves.EncodingSql} as encoding from {LedgerSchema.EventTable} where seq_id > $1) e
             full outer join (select * from {IntegritySchema.ChainTable} where sequence > $1) c on c.sequence = e.seq_id
             left join {IntegritySchema.RefusedTable} r on r.sequence = e.seq_id
             order by 1
             """, connection) { Parameters = { new() { Value = after } } };
        return await command.ExecuteReaderAsync(cancellation);
    }

    /// <summary>One verification's state: the tree and chain as recomputed so far, and what was found.</summary>
    private sealed class Run
    {
        private readonly KeyTimeline _keys;
        private readonly int _cap;

        public Run(KeyTimeline keys, int cap)
        {
            _keys = keys;
            _cap = cap;
            foreach (var (sequence, detail) in keys.Problems()) Find("key_history", sequence, detail);
        }

        private readonly List<TamperFinding> _findings = [];
        private readonly List<TreeHash> _completed = [];
        private long _notListed;
        private string? _unverifiable;
        private byte[] _previous = HashChain.Start;
        private int _checkpoints;

        public TreeEdge Tree { get; private set; } = new();
        public long Verified { get; private set; }
        public long Pending { get; set; }

        public void StartAt(TreeEdge edge, byte[] chainHash)
        {
            Tree = edge;
            _previous = chainHash;
        }

        public void Find(string kind, long sequence, string detail)
        {
            if (_findings.Count < _cap) _findings.Add(new TamperFinding(kind, sequence, detail));
            else _notListed++;
        }

        /// <summary>Checks a chained event against its row; returns the tree hashes its leaf completes.</summary>
        public List<TreeHash> Leaf(ChainRow stored, string? encoding)
        {
            var sequence = stored.Sequence;
            if (stored.LeafIndex != Tree.Size)
                Find("reordered", sequence, $"event {sequence} is leaf {stored.LeafIndex} of the chain where leaf {Tree.Size} was expected");
            if (encoding is null)
                Find("deleted", sequence, $"event {sequence} was chained and is gone");
            else if (!MerkleTree.LeafHash(Encoding.UTF8.GetBytes(encoding)).AsSpan().SequenceEqual(stored.LeafHash))
                Find("edited", sequence, $"event {sequence} differs from the event that was chained");
            // Onwards from the stored leaf hashes: a change is reported where it is, and the next one is still found.
            _previous = HashChain.Next(_previous, stored.LeafHash);
            if (!_previous.AsSpan().SequenceEqual(stored.ChainHash))
                Find("chain_edited", sequence, $"the stored chain hash of event {sequence} is not the chain of the events before it");
            _completed.Clear();
            Tree.Append(stored.LeafHash, _completed);
            Verified++;
            return _completed;
        }

        /// <summary>A checkpoint whose tree size the recomputed tree has just reached.</summary>
        public void Reached(Checkpoint checkpoint, long sequence)
        {
            if (!Check(checkpoint)) return;
            if (!Tree.Root().AsSpan().SequenceEqual(checkpoint.RootHash) || checkpoint.LastSequence != sequence)
                Find("checkpoint_mismatch", sequence,
                     $"the events up to {sequence} no longer give the tree head signed at {checkpoint.CreatedAt:O} " +
                     $"(size {checkpoint.TreeSize}): an event up to it was changed and re-chained");
            else _checkpoints++;
        }

        /// <summary>
        /// The checkpoint's signature, with the key of the history that made it, valid when it was made; false where
        /// the checkpoint cannot be trusted.
        /// </summary>
        public bool Check(Checkpoint checkpoint)
        {
            if (_keys.Find(SigningKeyKind.Checkpoint, checkpoint.KeyId) is not { } key)
            {
                _unverifiable ??= $"checkpoint {checkpoint.TreeSize} is signed by key {checkpoint.KeyId}, which is not in the " +
                                  "ledger's key history";
                return false;
            }
            if (!Signatures.Verify(key.Adoption.Algorithm, key.Adoption.PublicKey, checkpoint.Statement(), checkpoint.Signature))
            {
                Find("signature_invalid", checkpoint.LastSequence,
                     $"the signature of checkpoint {checkpoint.TreeSize} does not verify with key {checkpoint.KeyId}");
                return false;
            }
            if (key.RetiredAt is { } retired && checkpoint.CreatedAt >= retired)
            {
                Find("retired_key", checkpoint.LastSequence,
                     $"checkpoint {checkpoint.TreeSize} is dated {checkpoint.CreatedAt:O}, after its key {checkpoint.KeyId} was retired at {retired:O}");
                return false;
            }
            if (checkpoint.Note is { } note && NoteProblem(checkpoint, note) is { } problem)
                Find("note_mismatch", checkpoint.LastSequence, $"the C2SP note of checkpoint {checkpoint.TreeSize} {problem}");
            return true;
        }

        /// <summary>
        /// What is wrong with a checkpoint's note, if anything: it must state the signed head's size and root, and be
        /// signed by a log key of the history (under the note's origin), every such signature verifying.
        /// </summary>
        private string? NoteProblem(Checkpoint checkpoint, string note)
        {
            try
            {
                var signed = SignedNote.Parse(note);
                var head = LogCheckpoint.Parse(signed.Text);
                if (head.Size != checkpoint.TreeSize || !head.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash))
                    return $"states size {head.Size} and root {Convert.ToHexStringLower(head.RootHash)}, not the signed head";
                var logKeys = _keys.Keys.Where(k => k.Adoption.Kind == SigningKeyKind.Log)
                    .Select(k => Log.LogSigner.Verifier(head.Origin, k.Adoption.PublicKey));
                return signed.Verify(logKeys).Count == 0 ? "is not signed by a log key of the key history" : null;
            }
            catch (Exception e) when (e is FormatException or NoteSignatureException)
            {
                return $"is not a valid signed checkpoint: {e.Message}";
            }
        }

        public VerificationReport Report(long? head, long? fromCheckpoint)
        {
            var outcome = _findings.Count > 0 ? VerificationOutcome.Tampered
                : _unverifiable is not null ? VerificationOutcome.Unverifiable
                : VerificationOutcome.Intact;
            return new VerificationReport(outcome, Verified, head, Pending, _checkpoints, fromCheckpoint, _findings,
                                          _notListed, _unverifiable);
        }
    }

    /// <summary>
    /// The stored tree hashes in the order a growing tree completes them (by the last leaf they cover, then level),
    /// read beside the recomputed ones.
    /// </summary>
    private sealed class StoredTreeHashes : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlDataReader _reader;
        private bool _has;

        private StoredTreeHashes(NpgsqlConnection connection, NpgsqlDataReader reader)
        {
            _connection = connection;
            _reader = reader;
        }

        public static async Task<StoredTreeHashes> Open(NpgsqlDataSource database, long after, CancellationToken cancellation)
        {
            var connection = await database.OpenConnectionAsync(cancellation);
            var command = new NpgsqlCommand(
                $"""
                 select level, node_index, hash from {IntegritySchema.TreeTable}
                 where (node_index + 1) << ({Tiles.Height} * level) > $1
                 order by (node_index + 1) << ({Tiles.Height} * level), level
                 """, connection) { Parameters = { new() { Value = after } } };
            var hashes = new StoredTreeHashes(connection, await command.ExecuteReaderAsync(cancellation));
            hashes._has = await hashes._reader.ReadAsync(cancellation);
            return hashes;
        }

        private (long End, int Level) Key => ((_reader.GetInt64(1) + 1) << (Tiles.Height * _reader.GetInt16(0)), _reader.GetInt16(0));

        public async Task Expect(TreeHash expected, long sequence, Run run)
        {
            var key = ((expected.Index + 1) << (Tiles.Height * expected.Level), expected.Level);
            while (_has && Key.CompareTo(key) < 0)
            {
                run.Find("tree_edited", sequence, $"tree hash {_reader.GetInt64(1)} of level {_reader.GetInt16(0)} is stored but was never computed");
                _has = await _reader.ReadAsync();
            }
            if (!_has || Key.CompareTo(key) > 0)
            {
                run.Find("tree_edited", sequence, $"tree hash {expected.Index} of level {expected.Level} is missing");
                return;
            }
            if (!((byte[])_reader[2]).AsSpan().SequenceEqual(expected.Hash))
                run.Find("tree_edited", sequence, $"tree hash {expected.Index} of level {expected.Level} is not the root of the hashes below it");
            _has = await _reader.ReadAsync();
        }

        /// <summary>Hashes stored beyond what the chain's leaves complete, reported at the chain's last sequence.</summary>
        public async Task End(Run run, long lastSequence)
        {
            for (; _has; _has = await _reader.ReadAsync())
                run.Find("tree_edited", lastSequence, $"tree hash {_reader.GetInt64(1)} of level {_reader.GetInt16(0)} is stored but was never computed");
        }

        public async ValueTask DisposeAsync()
        {
            await _reader.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
