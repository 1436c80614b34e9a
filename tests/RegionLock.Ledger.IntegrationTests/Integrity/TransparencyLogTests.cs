using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity.Log;
using RegionLock.Ledger.Tests.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// The ledger as a C2SP transparency log, read only through its HTTP interface and checked by the independent
/// verifier written from the specs: the checkpoint's signature, the tiles up to the root, the entry bundles down to
/// the leaves, receipts for many events. 300 devices make a tree past the first tile edge (256).
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class TransparencyLogTests(IntegrityFixture ledger) : IAsyncLifetime
{
    // The ledger of the previous test, reused while no test of another class has wiped it and no test added to it.
    private static (SignedCheckpoint Published, long Events)? _ledger;

    private SignedCheckpoint _published = null!;
    private C2spVerifier.Vkey _key = null!;

    public async Task InitializeAsync()
    {
        if (_ledger is not { } earlier || earlier.Events != await ledger.CountEvents()
            || (await ledger.Host.Services.GetRequiredService<LogStore>().Published(null, CancellationToken.None))?.Size != earlier.Published.Size)
        {
            await ledger.Reset();
            var devices = new DeviceApi(ledger.Client);
            for (var i = 0; i < 300; i++) await devices.Register();
            await ledger.ChainCaughtUp();
            _ledger = ((await ledger.Publish())!, await ledger.CountEvents());
        }
        _published = _ledger.Value.Published;
        _key = C2spVerifier.ParseVkey(await ledger.Client.GetStringAsync("/api/integrity/log/key"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<byte[]> Fetch(string path)
    {
        var response = await ledger.Client.GetAsync($"/api/integrity/log/{path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task the_checkpoint_is_a_note_signed_by_the_log_key_under_its_origin()
    {
        var response = await ledger.Client.GetAsync("/api/integrity/log/checkpoint");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(response.Headers.CacheControl?.MaxAge <= TimeSpan.FromSeconds(10));
        var note = C2spVerifier.ParseNote(await response.Content.ReadAsStringAsync());
        Assert.True(C2spVerifier.SignedBy(note, _key, out _));
        var checkpoint = C2spVerifier.ParseCheckpoint(note.Text);
        Assert.Equal(("localhost/regionlock-ledger", _published.Size), (checkpoint.Origin, checkpoint.Size));
        Assert.Equal("localhost/regionlock-ledger", _key.Name);
        Assert.Equal(0x01, _key.Type);
        Assert.Equal(_published.RootHash, checkpoint.Root);
    }

    [Fact]
    public async Task the_tiles_give_the_checkpoint_root()
    {
        var leaves = await C2spVerifier.LeafHashes(_published.Size, Fetch);

        Assert.True(_published.Size > 256);
        Assert.Equal(_published.RootHash, Rfc9162Verifier.TreeHeadOfLeafHashes(leaves));
    }

    [Fact]
    public async Task the_entry_bundles_hold_the_events_whose_hashes_are_the_leaves()
    {
        var leaves = await C2spVerifier.LeafHashes(_published.Size, Fetch);
        var entries = new List<byte[]>();
        for (long n = 0; n * 256 < _published.Size; n++)
            entries.AddRange(C2spVerifier.Entries(await Fetch(C2spVerifier.TilePath("entries", n, (int)Math.Min(256, _published.Size - n * 256)))));

        Assert.Equal(leaves.Count, entries.Count);
        Assert.All(entries.Zip(leaves), pair => Assert.Equal(pair.Second, Rfc9162Verifier.HashLeaf(pair.First)));
        Assert.All(entries, entry => Assert.True(JsonDocument.Parse(entry).RootElement.GetProperty("sequence").GetInt64() > 0));
    }

    [Fact]
    public async Task entry_bundles_come_gzipped_to_a_client_that_takes_gzip()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/integrity/log/tile/entries/000");
        request.Headers.AcceptEncoding.ParseAdd("gzip, identity");
        var response = await ledger.Client.SendAsync(request);
        var plain = await Fetch("tile/entries/000");

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var unzipped = new MemoryStream();
        await gzip.CopyToAsync(unzipped);
        Assert.Equal(plain, unzipped.ToArray());
    }

    [Fact]
    public async Task a_receipt_of_any_event_verifies_offline_and_names_the_event()
    {
        var sequences = await ledger.Sequences();
        foreach (var sequence in sequences.Where((_, i) => i % 23 == 0 || i == sequences.Count - 1 || i == 255 || i == 256))
        {
            var receipt = await ledger.Client.GetStringAsync($"/api/integrity/log/proof/{sequence}");
            var entry = C2spVerifier.VerifyReceipt(receipt, _key, [], 0);
            Assert.Equal(sequence, JsonDocument.Parse(entry).RootElement.GetProperty("sequence").GetInt64());
        }
    }

    [Fact]
    public async Task flipping_any_byte_of_a_receipt_fails_its_verification()
    {
        var receipt = Encoding.UTF8.GetBytes(await ledger.Client.GetStringAsync($"/api/integrity/log/proof/{(await ledger.Sequences())[200]}"));

        for (var i = 0; i < receipt.Length; i++)
        {
            var flipped = receipt.ToArray();
            flipped[i] ^= 0x01;
            Assert.ThrowsAny<Exception>(() => C2spVerifier.VerifyReceipt(Encoding.UTF8.GetString(flipped), _key, [], 0));
        }
    }

    [Fact]
    public async Task every_write_answers_with_the_sequences_it_appended()
    {
        var response = await ledger.Client.Post("/api/devices", new { imei = TestImei.Next(), model = "Pixel", salesMarket = "AE" });

        var sequence = long.Parse(Assert.Single(response.Headers.GetValues("Ledger-Event-Sequences")));
        Assert.Equal((await ledger.Sequences())[^1], sequence);
        await ledger.Refuses(HttpStatusCode.NotFound, () => ledger.Client.GetAsync($"/api/integrity/log/proof/{sequence}"));
        await ledger.Publish();
        Assert.Contains("c2sp.org/tlog-proof@v1", await ledger.Client.GetStringAsync($"/api/integrity/log/proof/{sequence}"));
    }

    [Fact]
    public async Task a_witness_reads_the_checkpoint_tiles_and_key_but_no_event()
    {
        var witness = ledger.Host.ClientAs("witness.example/w1", "witness");
        var compliance = ledger.Host.ClientAs("officer", "compliance");

        Assert.Equal(HttpStatusCode.OK, (await witness.GetAsync("/api/integrity/log/checkpoint")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await witness.GetAsync("/api/integrity/log/key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await witness.GetAsync("/api/integrity/log/tile/0/000")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await witness.GetAsync("/api/integrity/log/tile/entries/000")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await witness.GetAsync($"/api/integrity/log/proof/{(await ledger.Sequences())[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await witness.GetAsync("/api/integrity/checkpoints/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await compliance.GetAsync("/api/integrity/log/tile/entries/000")).StatusCode);
    }

    [Theory]
    [InlineData("tile/0/0")]
    [InlineData("tile/00/000")]
    [InlineData("tile/64/000")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/x000/001")]
    [InlineData("tile/0/001/000")]
    [InlineData("tile/entries/0")]
    [InlineData("tile/0/x999/999")]
    [InlineData("tile/0/001")]
    [InlineData("tile/1/000")]
    [InlineData("tile/0/001.p/255")]
    [InlineData("tile/entries/001")]
    [InlineData("tile/x/000")]
    [InlineData("proof/999999999")]
    public async Task a_path_outside_the_grammar_or_beyond_the_published_tree_is_a_404_problem(string path) =>
        await ledger.Refuses(HttpStatusCode.NotFound, () => ledger.Client.GetAsync($"/api/integrity/log/{path}"));

    [Fact]
    public async Task the_log_key_command_prints_the_key_the_log_serves()
    {
        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings, "log-key");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(await ledger.Client.GetStringAsync("/api/integrity/log/key"), output);
    }
}
