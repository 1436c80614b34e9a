using System.IO.Compression;
using System.Text;
using Npgsql;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// The ledger as a C2SP transparency log (c2sp.org/tlog-tiles) under /api/integrity/log: the published checkpoint,
/// the Merkle tree's tiles and the entry bundles, the log's verifier key, and offline receipts (c2sp.org/tlog-proof).
/// Tiles and bundles are served only within the published tree, read from the stored tree and the chain by index
/// ranges: each costs one range scan whatever the log's size.
/// </summary>
public static class LogEndpoints
{
    private const string Text = "text/plain; charset=utf-8";
    private const string Binary = "application/octet-stream";
    private const string Immutable = "private, max-age=31536000, immutable";

    [Allow(Role.Witness, Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/log/checkpoint"), ProducesResponseType(typeof(string), 200, Text)]
    public static async Task<IResult> Checkpoint(LogStore store, HttpContext context, CancellationToken cancellation)
    {
        var (_, note) = await store.PublishedNote(null, cancellation) ?? throw new NotInLedger("no checkpoint has been published yet");
        context.Response.Headers.CacheControl = "private, max-age=5";
        return Results.Text(note, Text);
    }

    /// <summary>The log's verifier key in signed-note vkey form: what witnesses and auditors are configured with.</summary>
    [Allow(Role.Witness, Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/log/key"), ProducesResponseType(typeof(string), 200, Text)]
    public static IResult Key(LogSigner signer) => Results.Text(signer.Current.Note.Verifier + "\n", Text);

    [Allow(Role.Witness, Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/log/tile/{**path}"), ProducesResponseType(typeof(byte[]), 200, Binary)]
    public static async Task<IResult> Tile(string path, LogStore store, StoredTree tree, HttpContext context,
                                           CancellationToken cancellation)
    {
        var tile = await Within(TilePath.Parse(path, entries: false), path, store, cancellation);
        var hashes = await tree.Hashes(tile.Level, tile.First, tile.Width, cancellation);
        if (hashes.Count != tile.Width) throw new NotInLedger($"tile {path} is not stored");
        context.Response.Headers.CacheControl = Immutable;
        return Results.Bytes(hashes.SelectMany(hash => hash).ToArray(), Binary);
    }

    /// <summary>Entry bundles carry the events themselves, IMEIs included: auditors and compliance only.</summary>
    [Allow(Role.Auditor, Role.Compliance)]
    [RecordsAccess("log_entries", "path")]
    [WolverineGet("/api/integrity/log/tile/entries/{**path}"), ProducesResponseType(typeof(byte[]), 200, Binary)]
    public static async Task<IResult> Entries(string path, LogStore store, NpgsqlDataSource database, HttpContext context,
                                              CancellationToken cancellation)
    {
        var tile = await Within(TilePath.Parse(path, entries: true), $"entries/{path}", store, cancellation);
        var entries = await EventLeaves.ByLeafIndex(database, tile.First, tile.Width, cancellation);
        if (entries.Count != tile.Width) throw new NotInLedger($"entry bundle {path} is not stored");
        var bundle = new byte[entries.Sum(entry => 2 + entry.Length)];
        var at = 0;
        foreach (var entry in entries)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(at), (ushort)entry.Length);
            entry.CopyTo(bundle, at + 2);
            at += 2 + entry.Length;
        }
        context.Response.Headers.CacheControl = Immutable;
        return Results.Bytes(Compressed(context, bundle), Binary);
    }

    /// <summary>
    /// An offline receipt of the event of a global sequence (c2sp.org/tlog-proof): its leaf index, its inclusion proof
    /// in the latest published tree and that checkpoint with its cosignatures; the extra line carries the entry (the
    /// event's canonical encoding) whose leaf hash the proof binds. Available once a published checkpoint covers it.
    /// </summary>
    [Allow(Role.Enforcement, Role.Support, Role.Compliance, Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/log/proof/{sequence}"), ProducesResponseType(typeof(string), 200, Text)]
    public static async Task<IResult> Receipt(long sequence, LogStore store, ChainStore chain, StoredTree tree,
                                              NpgsqlDataSource database, CancellationToken cancellation)
    {
        var leaf = await chain.Row(sequence, cancellation) ?? throw new NotInLedger($"event {sequence} is not in the log (yet)");
        var (published, note) = await store.PublishedNote(null, cancellation)
                                ?? throw new NotInLedger("no checkpoint has been published yet; ask again shortly");
        if (leaf.LeafIndex >= published.Size)
            throw new NotInLedger($"event {sequence} is not under a published checkpoint yet (size {published.Size}); ask again shortly");
        var entry = (await EventLeaves.ByLeafIndex(database, leaf.LeafIndex, 1, cancellation)).Single();
        var receipt = new StringBuilder("c2sp.org/tlog-proof@v1\n")
            .Append($"extra {Convert.ToBase64String(entry)}\n")
            .Append($"index {leaf.LeafIndex}\n");
        foreach (var hash in await tree.InclusionProof(published.Size, leaf.LeafIndex, cancellation))
            receipt.Append(Convert.ToBase64String(hash)).Append('\n');
        receipt.Append('\n').Append(note);
        return Results.Text(receipt.ToString(), Text);
    }

    /// <summary>
    /// The RFC 3161 time-stamp reply over a published checkpoint (`openssl ts -verify -in reply.tsr -data note.txt
    /// -CAfile authority.pem`), where an authority is configured and has answered.
    /// </summary>
    [Allow(Role.Witness, Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/log/timestamps/{size}"), ProducesResponseType(typeof(byte[]), 200, "application/timestamp-reply")]
    public static async Task<IResult> Timestamp(long size, LogStore store, HttpContext context, CancellationToken cancellation)
    {
        var reply = await store.Timestamp(size, cancellation) ?? throw new NotInLedger($"no time-stamp of a checkpoint of size {size}");
        context.Response.Headers.CacheControl = Immutable;
        return Results.Bytes(reply, "application/timestamp-reply");
    }

    /// <summary>The note a time-stamp covers: the published checkpoint of that size as the log signed it, without cosignatures.</summary>
    [Allow(Role.Witness, Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/log/timestamps/{size}/note"), ProducesResponseType(typeof(string), 200, Text)]
    public static async Task<IResult> TimestampedNote(long size, LogStore store, HttpContext context, CancellationToken cancellation)
    {
        var published = await store.Published(size, cancellation) ?? throw new NotInLedger($"no published checkpoint of size {size}");
        context.Response.Headers.CacheControl = Immutable;
        return Results.Text(published.Note, Text);
    }

    /// <summary>A tile or bundle the latest published tree holds: others are not served (404).</summary>
    private static async Task<TilePath> Within(TilePath? parsed, string path, LogStore store, CancellationToken cancellation)
    {
        if (parsed is not { } tile) throw new NotInLedger($"'{path}' is not a tile path of c2sp.org/tlog-tiles");
        var size = (await store.Published(null, cancellation))?.Size ?? 0;
        if (tile.First + tile.Width > Tiles.Count(size, tile.Level))
            throw new NotInLedger($"tile {path} is beyond the published tree (size {size})");
        return tile;
    }

    /// <summary>Entry bundles are compressed when the client takes gzip, as tlog-tiles recommends.</summary>
    private static byte[] Compressed(HttpContext context, byte[] bundle)
    {
        context.Response.Headers.Vary = "Accept-Encoding";
        if (!context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)) return bundle;
        context.Response.Headers.ContentEncoding = "gzip";
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest)) gzip.Write(bundle);
        return compressed.ToArray();
    }
}
