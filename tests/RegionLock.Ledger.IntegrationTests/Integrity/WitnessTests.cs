using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;
using RegionLock.Ledger.Tests.Integrity;
using RegionLock.Transparency;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Three witness processes, run as outside parties run them, and a ledger that publishes a checkpoint once two of
/// them cosigned it. Each test starts its own witnesses (fresh state) and ledger.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class WitnessTests : IAsyncLifetime
{
    private const string Origin = "ledger.test/witnessed";
    private WitnessedLog _log = null!;
    private ConfiguredLedger _ledger = null!;
    private C2spVerifier.Vkey _logKey = null!;

    public async Task InitializeAsync()
    {
        _log = await WitnessedLog.Start(Origin, "witness.test");
        _logKey = C2spVerifier.ParseVkey(_log.LogVkey);
        _ledger = new ConfiguredLedger("ledger_witness_tests", _log.Settings);
        await _ledger.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_ledger is not null) await _ledger.DisposeAsync();
        if (_log is not null) await _log.DisposeAsync();
    }

    private async Task<SignedCheckpoint?> Grow(int devices)
    {
        var api = new DeviceApi(_ledger.Client);
        for (var i = 0; i < devices; i++) await api.Register();
        await _ledger.ChainCaughtUp();
        return await _ledger.Publish();
    }

    private async Task<C2spVerifier.Note> Served()
    {
        var response = await _ledger.Client.GetAsync("/api/integrity/log/checkpoint");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var note = C2spVerifier.ParseNote(await response.Content.ReadAsStringAsync());
        Assert.True(C2spVerifier.SignedBy(note, _logKey, out _));
        return note;
    }

    private List<string> Cosigners(C2spVerifier.Note note) =>
        _log.Witnesses.Where(w => C2spVerifier.SignedBy(note, C2spVerifier.ParseVkey(w.Vkey), out _)).Select(w => w.Name).ToList();

    [Fact]
    public async Task two_of_three_witnesses_publish_a_checkpoint_and_its_receipts_verify_offline()
    {
        var first = await Grow(5);
        Assert.NotNull(first);
        Assert.Equal(["witness.test/w1", "witness.test/w2", "witness.test/w3"], Cosigners(await Served()));

        // A witness's own view, as its monitoring API serves it: the log's signature and its cosignature.
        using var monitor = new HttpClient { BaseAddress = _log.Witnesses[0].Url };
        var originHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Origin)));
        var seen = C2spVerifier.ParseNote(await monitor.GetStringAsync($"{originHash}/checkpoint"));
        Assert.True(C2spVerifier.SignedBy(seen, _logKey, out _) && C2spVerifier.SignedBy(seen, C2spVerifier.ParseVkey(_log.Witnesses[0].Vkey), out _));

        _log.Witnesses[2].Stop();
        var second = await Grow(5);

        Assert.NotNull(second);
        var note = await Served();
        Assert.Equal(second.Size, C2spVerifier.ParseCheckpoint(note.Text).Size);
        Assert.Equal(["witness.test/w1", "witness.test/w2"], Cosigners(note));
        var witnessKeys = _log.Witnesses.Select(w => C2spVerifier.ParseVkey(w.Vkey)).ToList();
        foreach (var sequence in (await _ledger.Sequences()).Where((_, i) => i % 3 == 0))
        {
            var receipt = await _ledger.Client.GetStringAsync($"/api/integrity/log/proof/{sequence}");
            C2spVerifier.VerifyReceipt(receipt, _logKey, witnessKeys, 2);
            Assert.Throws<FormatException>(() => C2spVerifier.VerifyReceipt(receipt, _logKey, witnessKeys, 3));
        }

        // The auditor's own tool, from the repository: the receipt, the log's vkey and the trusted witnesses' vkeys.
        var file = Path.Combine(_log.Folder, "event.tlog-proof");
        await File.WriteAllTextAsync(file, await _ledger.Client.GetStringAsync($"/api/integrity/log/proof/{(await _ledger.Sequences())[4]}"));
        string[] trust = ["--log-vkey", _log.LogVkey, .. _log.Witnesses.SelectMany(w => new[] { "--witness-vkey", w.Vkey })];
        var script = Path.Combine(Tool.RepositoryRoot(), "ops", "audit", "verify-receipt");
        var (exit, output) = Tool.Run(script, [file, .. trust, "--quorum", "2"]);
        Assert.True(exit == 0, output);
        Assert.Contains("VERIFIED: entry", output);
        Assert.Equal(1, Tool.Run(script, [file, .. trust, "--quorum", "3"]).Exit);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);
        Assert.Equal(1, Tool.Run(script, [file, .. trust, "--quorum", "2"]).Exit);

        // Back, the third witness catches up from the size it last cosigned.
        await _log.Witnesses[2].Start();
        Assert.NotNull(await Grow(1));
        Assert.Equal(3, Cosigners(await Served()).Count);
        Assert.Equal(HttpStatusCode.OK, (await _ledger.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task a_key_holder_who_rewrites_history_gets_no_cosignature_and_publishes_nothing()
    {
        var honest = await Grow(5);
        Assert.NotNull(honest);

        // The superuser edits an event and recomputes the chain; the service signs the rewritten tree with its key.
        await Forger.EditAndRechain(_ledger, (await _ledger.Sequences())[2]);
        var forged = await Grow(1);

        Assert.Null(forged);
        var rewritten = await _ledger.Host.Services.GetRequiredService<LogStore>().LatestSigned(CancellationToken.None);
        Assert.NotEqual(honest.Size, rewritten!.Size);
        Assert.Equal(honest.Size, C2spVerifier.ParseCheckpoint((await Served()).Text).Size);
        Assert.Equal(3, await _ledger.Scalar($"select count(*) from {IntegritySchema.WitnessRefusalTable} where status = 422"));

        foreach (var witness in _log.Witnesses)
        {
            var evidence = JsonDocument.Parse(Assert.Single(witness.Evidence)).RootElement;
            Assert.Contains(Convert.ToBase64String(honest.RootHash), evidence.GetProperty("held").GetString());
            Assert.Contains(Convert.ToBase64String(rewritten.RootHash), evidence.GetProperty("submitted").GetString());
        }
        var ready = await _ledger.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var why = await ready.Content.ReadAsStringAsync();
        Assert.Contains("evidence of a fork", why);
        Assert.Contains("422", why);
    }

    [Fact]
    public async Task a_witness_answers_bad_requests_with_the_statuses_the_spec_names()
    {
        using var witness = new HttpClient { BaseAddress = _log.Witnesses[0].Url };
        var other = NoteSigner.FromPem("other.test/log", NoteSignatureType.Ed25519, NoteSigner.GenerateKey());
        var text = new LogCheckpoint("other.test/log", 0, MerkleTree.EmptyRoot).Text;

        async Task<HttpResponseMessage> Post(byte[] body) => await witness.PostAsync("add-checkpoint", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, (await Post([])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post([0x6f, 0x6c, 0x64, 0x20, 0xff, 0x0a, 0x0a])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Encoding.UTF8.GetBytes("old 00\n\n" + text + "\n" + other.Sign(text).Line))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(Encoding.UTF8.GetBytes("old 0\n\n" + text + "\n" + other.Sign(text).Line))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await witness.GetAsync($"{new string('0', 64)}/checkpoint")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await witness.GetAsync("add-checkpoint")).StatusCode);
    }
}
