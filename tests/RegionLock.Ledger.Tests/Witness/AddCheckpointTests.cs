using RegionLock.Ledger.Tests.Integrity;
using RegionLock.Transparency;
using RegionLock.Witness;

namespace RegionLock.Ledger.Tests.Witness;

/// <summary>
/// The witness's add-checkpoint as c2sp.org/tlog-witness specifies it: each status for the case the spec names, a
/// timestamped cosignature that the independent verifier accepts, and never a cosignature of two inconsistent trees.
/// </summary>
public sealed class AddCheckpointTests : IDisposable
{
    private const string Origin = "log.example/ledger";
    private static readonly List<byte[]> Leaves = Enumerable.Range(0, 600).Select(i => Rfc9162Verifier.HashLeaf([(byte)i, (byte)(i >> 8)])).ToList();
    private static readonly List<byte[]> Forged = Leaves.Select((leaf, i) => i == 3 ? Rfc9162Verifier.HashLeaf([9, 9, 9]) : leaf).ToList();

    private readonly NoteSigner _log = NoteSigner.FromPem(Origin, NoteSignatureType.Ed25519, NoteSigner.GenerateKey());
    private readonly NoteSigner _cosigner = NoteSigner.FromPem("witness.example/w1", NoteSignatureType.CosignatureV1, NoteSigner.GenerateKey());
    private readonly string _state = Path.GetTempFileName();
    private readonly AddCheckpoint _witness;

    public AddCheckpointTests()
    {
        File.Delete(_state);
        _witness = new AddCheckpoint([_log.Verifier], _cosigner, new WitnessState(_state), TimeProvider.System);
    }

    public void Dispose() => File.Delete(_state);

    private string Checkpoint(long size, IReadOnlyList<byte[]>? leaves = null, NoteSigner? signer = null, string origin = Origin)
    {
        var text = new LogCheckpoint(origin, size, MerkleTree.Root(size, MerkleTree.Over(leaves ?? Leaves))).Text;
        return new SignedNote(text, [(signer ?? _log).Sign(text)]).ToString();
    }

    private static string Body(long old, long size, string checkpoint, IReadOnlyList<byte[]>? leaves = null)
    {
        var proof = old == 0 || old == size ? [] : MerkleTree.ConsistencyProof(size, old, MerkleTree.Over(leaves ?? Leaves));
        return $"old {old}\n" + string.Concat(proof.Select(hash => Convert.ToBase64String(hash) + "\n")) + "\n" + checkpoint;
    }

    private Task<WitnessAnswer> Add(long old, long size, IReadOnlyList<byte[]>? leaves = null) =>
        _witness.Handle(Body(old, size, Checkpoint(size, leaves), leaves));

    [Fact]
    public async Task it_cosigns_a_consistent_sequence_of_checkpoints_with_timestamped_cosignatures()
    {
        foreach (var (old, size) in new[] { (0L, 5L), (5L, 256L), (256L, 257L), (257L, 600L), (600L, 600L) })
        {
            var answer = await Add(old, size);

            Assert.Equal(200, answer.Status);
            var note = C2spVerifier.ParseNote(Checkpoint(size) + answer.Body);
            Assert.True(C2spVerifier.SignedBy(note, C2spVerifier.ParseVkey(_cosigner.Verifier.ToString()), out var timestamp));
            Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (long)timestamp, 0, 60);
        }
    }

    [Fact]
    public async Task a_stale_old_size_is_a_409_naming_the_size_it_cosigned()
    {
        await Add(0, 300);

        var answer = await Add(0, 400);

        Assert.Equal((409, "300\n", "text/x.tlog.size"), (answer.Status, answer.Body, answer.ContentType));
    }

    [Fact]
    public async Task a_fork_is_never_cosigned_and_is_kept_as_evidence()
    {
        Assert.Equal(200, (await Add(0, 300)).Status);

        var rewritten = await Add(300, 400, Forged);
        var sameSize = await Add(300, 300, Forged);

        Assert.Equal((422, true), (rewritten.Status, rewritten.IsEvidence));
        Assert.Contains(Convert.ToBase64String(MerkleTree.Root(300, MerkleTree.Over(Leaves))), rewritten.Held);
        Assert.Equal((422, true), (sameSize.Status, sameSize.IsEvidence));
        Assert.Equal(200, (await Add(300, 400)).Status);
    }

    [Fact]
    public async Task the_empty_tree_rules_hold()
    {
        var empty = new LogCheckpoint(Origin, 0, MerkleTree.EmptyRoot).Text;
        var notEmpty = new LogCheckpoint(Origin, 0, Leaves[0]).Text;

        Assert.Equal(200, (await _witness.Handle("old 0\n\n" + new SignedNote(empty, [_log.Sign(empty)]))).Status);
        Assert.Equal(422, (await _witness.Handle("old 0\n\n" + new SignedNote(notEmpty, [_log.Sign(notEmpty)]))).Status);
        Assert.Equal(422, (await _witness.Handle($"old 0\n{Convert.ToBase64String(Leaves[0])}\n\n" + Checkpoint(5))).Status);
    }

    [Fact]
    public async Task an_unknown_origin_is_a_404_and_a_bad_or_missing_signature_a_403()
    {
        var stranger = NoteSigner.FromPem(Origin, NoteSignatureType.Ed25519, NoteSigner.GenerateKey());
        var tampered = Checkpoint(5).Replace("\n5\n", "\n6\n");

        Assert.Equal(404, (await _witness.Handle(Body(0, 5, Checkpoint(5, origin: "other.example/log")))).Status);
        Assert.Equal(403, (await _witness.Handle(Body(0, 5, Checkpoint(5, signer: stranger)))).Status);
        Assert.Equal(403, (await _witness.Handle(Body(0, 6, tampered))).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("old 5\n")]
    [InlineData("old 05\n\n{0}")]
    [InlineData("old -1\n\n{0}")]
    [InlineData("new 0\n\n{0}")]
    [InlineData("old 0\nnot-a-hash\n\n{0}")]
    [InlineData("old 7\n\n{0}")]
    [InlineData("old 0\n\nlog.example/ledger\n5\n")]
    public async Task a_malformed_request_is_a_400(string body) =>
        Assert.Equal(400, (await _witness.Handle(string.Format(body, Checkpoint(5)))).Status);

    [Fact]
    public async Task a_proof_of_more_than_63_lines_is_a_400()
    {
        var lines = string.Concat(Enumerable.Repeat(Convert.ToBase64String(Leaves[0]) + "\n", 64));

        Assert.Equal(400, (await _witness.Handle($"old 1\n{lines}\n{Checkpoint(5)}")).Status);
    }

    [Fact]
    public async Task its_state_survives_a_restart()
    {
        await Add(0, 300);
        var restarted = new AddCheckpoint([_log.Verifier], _cosigner, new WitnessState(_state), TimeProvider.System);

        Assert.Equal(409, (await restarted.Handle(Body(0, 400, Checkpoint(400)))).Status);
        Assert.Equal(200, (await restarted.Handle(Body(300, 400, Checkpoint(400)))).Status);
    }
}
