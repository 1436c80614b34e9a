using System.Text;
using RegionLock.Transparency;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>
/// The product's signed notes against the example of c2sp.org/signed-note itself and against the independent
/// verifier written from the specs.
/// </summary>
public sealed class SignedNoteTests
{
    // The example of c2sp.org/signed-note, "Verifier keys": this key verifies this note.
    private const string SpecVkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private const string SpecNote =
        "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    private static readonly NoteSigner Log = NoteSigner.FromPem("log.example/test", NoteSignatureType.Ed25519, NoteSigner.GenerateKey());
    private static readonly NoteSigner Witness = NoteSigner.FromPem("witness.example/w1", NoteSignatureType.CosignatureV1, NoteSigner.GenerateKey());

    [Fact]
    public void the_spec_example_verifies_with_the_product_and_with_the_independent_verifier()
    {
        var key = NoteVerifier.Parse(SpecVkey);
        var note = SignedNote.Parse(SpecNote);

        Assert.Equal(SpecVkey, key.ToString());
        Assert.Equal("This is an example message.\n", note.Text);
        Assert.Single(note.Verify([key]));
        Assert.Equal(SpecNote, note.ToString());
        Assert.True(C2spVerifier.SignedBy(C2spVerifier.ParseNote(SpecNote), C2spVerifier.ParseVkey(SpecVkey), out _));
    }

    [Fact]
    public void a_checkpoint_the_log_signs_and_a_witness_cosigns_verifies_independently()
    {
        var text = new LogCheckpoint("log.example/test", 20852163, MerkleTree.EmptyRoot).Text;
        var at = DateTimeOffset.FromUnixTimeSeconds(1_679_315_147);
        var note = new SignedNote(text, [Log.Sign(text), Witness.Cosign(text, at)]).ToString();

        var parsed = C2spVerifier.ParseNote(note);
        Assert.True(C2spVerifier.SignedBy(parsed, C2spVerifier.ParseVkey(Log.Verifier.ToString()), out _));
        Assert.True(C2spVerifier.SignedBy(parsed, C2spVerifier.ParseVkey(Witness.Verifier.ToString()), out var timestamp));
        Assert.Equal(1_679_315_147UL, timestamp);
        Assert.Equal(new C2spVerifier.Checkpoint("log.example/test", 20852163, MerkleTree.EmptyRoot),
                     C2spVerifier.ParseCheckpoint(parsed.Text) with { Root = MerkleTree.EmptyRoot });
        Assert.Equal(2, SignedNote.Parse(note).Verify([Log.Verifier, Witness.Verifier]).Count);
    }

    [Fact]
    public void unknown_keys_are_ignored_and_a_known_key_that_fails_rejects_the_note()
    {
        var text = "log.example/test\n1\n" + Convert.ToBase64String(new byte[32]) + "\n";
        var other = NoteSigner.FromPem("log.example/test", NoteSignatureType.Ed25519, NoteSigner.GenerateKey());
        var note = new SignedNote(text, [other.Sign(text), Log.Sign(text)]);

        Assert.Single(note.Verify([Log.Verifier]));
        var forged = note with { Text = text.Replace("\n1\n", "\n2\n") };
        Assert.Throws<NoteSignatureException>(() => forged.Verify([Log.Verifier]));
        Assert.Empty(forged.Verify([Witness.Verifier]));
    }

    [Theory]
    [InlineData("no blank line\n— a/b AAAAAAA=\n")]
    [InlineData("text\n\n— a/b AAAAAAA=")]
    [InlineData("text\n\n- a/b AAAAAAA=\n")]
    [InlineData("text\n\n— a+b AAAAAAA=\n")]
    [InlineData("text\n\n— a/b not-base64\n")]
    [InlineData("text\n\n— a/b AAAA\n")]
    [InlineData("te\txt\n\n— a/b AAAAAAA=\n")]
    public void a_note_that_breaks_the_format_is_refused(string note) =>
        Assert.Throws<FormatException>(() => SignedNote.Parse(note));

    [Fact]
    public void a_vkey_whose_base64_holds_a_plus_reads()
    {
        // The key part is base64, whose alphabet has '+': only the first two '+' separate the parts.
        var signer = Enumerable.Range(0, 200).Select(_ => NoteSigner.FromPem("a.example/k", NoteSignatureType.Ed25519, NoteSigner.GenerateKey()))
            .First(s => s.Verifier.ToString().Split('+').Length > 3);

        Assert.Equal(signer.Verifier, NoteVerifier.Parse(signer.Verifier.ToString()) with { PublicKey = signer.Verifier.PublicKey });
        Assert.Equal(signer.Verifier.PublicKey, C2spVerifier.ParseVkey(signer.Verifier.ToString()).PublicKey);
    }

    [Theory]
    [InlineData("a/b+00000000+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("example.com/foo+530d903a")]
    [InlineData("example.com/foo+530d903a+AekyeRrm")]
    [InlineData("example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    public void a_vkey_that_breaks_the_format_or_names_another_key_is_refused(string vkey) =>
        Assert.Throws<FormatException>(() => NoteVerifier.Parse(vkey));

    [Theory]
    [InlineData("log.example/test\n01\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("log.example/test\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF=\n")]
    [InlineData("log.example/test\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("log.example/test\n1\n")]
    [InlineData("\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    public void a_checkpoint_that_breaks_the_format_is_refused(string text) =>
        Assert.Throws<FormatException>(() => LogCheckpoint.Parse(text));

    [Fact]
    public void a_checkpoint_reads_back_as_written()
    {
        var checkpoint = new LogCheckpoint("log.example/test", 0, MerkleTree.EmptyRoot);
        var parsed = LogCheckpoint.Parse(checkpoint.Text);

        Assert.Equal("log.example/test\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", checkpoint.Text);
        Assert.Equal((checkpoint.Origin, checkpoint.Size), (parsed.Origin, parsed.Size));
        Assert.Equal(Encoding.ASCII.GetBytes(checkpoint.Text), Encoding.ASCII.GetBytes(parsed.Text));
    }
}
