using RegionLock.Transparency;

namespace RegionLock.Witness;

/// <summary>The body of POST add-checkpoint: an old size line, up to 63 consistency proof lines, a blank line, a checkpoint.</summary>
public sealed record AddCheckpointRequest(long OldSize, IReadOnlyList<byte[]> Proof, SignedNote Checkpoint)
{
    public const int MaxProofLines = 63;

    public static AddCheckpointRequest Parse(string body)
    {
        var blank = body.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0) throw new FormatException("the body is an old size line, proof lines, a blank line and a checkpoint");
        var lines = body[..blank].Split('\n');
        if (!lines[0].StartsWith("old ", StringComparison.Ordinal)) throw new FormatException("the first line is \"old <size>\"");
        var oldSize = LogCheckpoint.Decimal(lines[0][4..], "the old size");
        if (lines.Length - 1 > MaxProofLines) throw new FormatException($"a consistency proof has at most {MaxProofLines} lines");
        var proof = lines.Skip(1).Select(line => LogCheckpoint.Hash(line, "a consistency proof line")).ToList();
        return new AddCheckpointRequest(oldSize, proof, SignedNote.Parse(body[(blank + 2)..]));
    }
}

/// <summary>
/// What the witness answers: the HTTP status, a body, and for a refusal that shows the log misbehaving, that it is
/// evidence and the checkpoint the witness held then (none before its first cosignature).
/// </summary>
public sealed record WitnessAnswer(int Status, string Body, string ContentType = "text/plain; charset=utf-8",
                                   bool IsEvidence = false, string? Held = null);

/// <summary>
/// The checks of c2sp.org/tlog-witness's add-checkpoint, in the order the spec gives them, and the cosignature when
/// all hold. The witness never cosigns a checkpoint inconsistent with the latest one it cosigned for the origin.
/// </summary>
public sealed class AddCheckpoint(IReadOnlyList<NoteVerifier> logs, NoteSigner cosigner, WitnessState state, TimeProvider clock)
{
    public async Task<WitnessAnswer> Handle(string body)
    {
        AddCheckpointRequest request;
        LogCheckpoint checkpoint;
        try
        {
            request = AddCheckpointRequest.Parse(body);
            checkpoint = LogCheckpoint.Parse(request.Checkpoint.Text);
        }
        catch (FormatException e)
        {
            return new WitnessAnswer(400, e.Message + "\n");
        }

        var keys = logs.Where(log => log.Name == checkpoint.Origin).ToList();
        if (keys.Count == 0) return new WitnessAnswer(404, $"unknown origin {checkpoint.Origin}\n");
        IReadOnlyList<NoteSignature> logSignatures;
        try
        {
            logSignatures = request.Checkpoint.Verify(keys).Select(verified => verified.Signature).ToList();
            if (logSignatures.Count == 0) return new WitnessAnswer(403, "no signature of the log's key\n");
        }
        catch (NoteSignatureException e)
        {
            return new WitnessAnswer(403, e.Message + "\n");
        }
        if (request.OldSize > checkpoint.Size) return new WitnessAnswer(400, "the old size is larger than the checkpoint's\n");

        return await state.Update(checkpoint.Origin, latest =>
        {
            var latestSize = latest?.Size ?? 0;
            if (request.OldSize != latestSize)
                return (new WitnessAnswer(409, $"{latestSize}\n", "text/x.tlog.size"), null);
            if (checkpoint.Size == 0 && !checkpoint.RootHash.SequenceEqual(MerkleTree.EmptyRoot))
                return (Misbehaviour("a checkpoint of size 0 must have the empty tree's root", latest), null);
            var consistent = latest is null
                ? request.Proof.Count == 0
                : MerkleProofs.VerifyConsistency(latest.Size, checkpoint.Size, Convert.FromBase64String(latest.RootHash),
                                                 checkpoint.RootHash, request.Proof);
            if (!consistent)
                return (Misbehaviour(latest is null
                    ? "a proof from the empty tree must be empty"
                    : $"not consistent with the checkpoint of size {latest.Size} cosigned before", latest), null);

            var cosignature = cosigner.Cosign(request.Checkpoint.Text, clock.GetUtcNow());
            // What the monitoring API serves: the log's signatures it checked, and its own.
            var note = request.Checkpoint with { Signatures = [.. logSignatures, cosignature] };
            return (new WitnessAnswer(200, cosignature.Line),
                    new CosignedCheckpoint(checkpoint.Size, Convert.ToBase64String(checkpoint.RootHash), note.ToString()));
        });
    }

    private static WitnessAnswer Misbehaviour(string reason, CosignedCheckpoint? held) =>
        new(422, reason + "\n", IsEvidence: true, Held: held?.Note);
}
