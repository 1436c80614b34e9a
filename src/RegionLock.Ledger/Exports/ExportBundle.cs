using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// A signed export bundle: a report for a period as CSV and JSON, the integrity checkpoint it is anchored to (statement,
/// signature, key), and manifest.json — report, period, as-known-at, the first and last sequence and the count of the
/// events known then, the checkpoint, the SHA-256 of every file — with manifest.sig, its detached Ed25519 signature.
/// The same events give the same bytes, signature included.
/// </summary>
public sealed class ExportBundle(IDocumentStore store, NpgsqlDataSource database, ChainStore chain,
                                 Checkpointing checkpointing, KeyHistory keys, ExportSigner signer)
{
    public const string Manifest = "manifest.json";
    public const string ManifestSignature = "manifest.sig";
    public const string PublicKey = "public.pem";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    /// <summary>The bundle's files by name.</summary>
    public async Task<SortedDictionary<string, byte[]>> Build(string report, ReportRequest request, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var file = await ReportCatalogue.Build(report, session, request, cancellation);
        var events = await EventsKnown(request.AsKnownAt, cancellation);
        var anchor = await Anchor(events.Last, cancellation);
        var key = signer.Current;
        await keys.EnsureRecorded(key, cancellation);

        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [$"{report}.csv"] = file.Write("csv"),
            [$"{report}.json"] = file.Write("json"),
            ["checkpoint.txt"] = anchor.Statement(),
            ["checkpoint.sig"] = anchor.Signature,
            ["checkpoint-public.pem"] = Encoding.ASCII.GetBytes(await keys.PublicKey(SigningKeyKind.Checkpoint, anchor.KeyId, cancellation)),
            [PublicKey] = Encoding.ASCII.GetBytes(key.PublicKeyPem),
        };
        var manifest = new
        {
            format = "regionlock-ledger export v1",
            report,
            from = Csv.Instant(request.From),
            to = Csv.Instant(request.To),
            region = request.Region,
            asKnownAt = Csv.Instant(request.AsKnownAt),
            events = new { firstSequence = events.First, lastSequence = events.Last, count = events.Count },
            checkpoint = new
            {
                treeSize = anchor.TreeSize,
                lastSequence = anchor.LastSequence,
                rootHash = Convert.ToHexStringLower(anchor.RootHash),
                createdAt = anchor.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
                keyId = anchor.KeyId,
            },
            signature = new { algorithm = "Ed25519", keyId = key.KeyId, publicKey = PublicKey },
            files = files.Select(f => new { name = f.Key, sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Value)), bytes = f.Value.Length }),
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        files[Manifest] = manifestBytes;
        files[ManifestSignature] = key.Sign(manifestBytes);
        return files;
    }

    public async Task WriteFolder(string folder, string report, ReportRequest request, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in await Build(report, request, cancellation))
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, cancellation);
    }

    private sealed record KnownEvents(long First, long Last, long Count);

    private async Task<KnownEvents> EventsKnown(DateTimeOffset asKnownAt, CancellationToken cancellation)
    {
        await using var command = database.CreateCommand(
            $"select coalesce(min(seq_id), 0), coalesce(max(seq_id), 0), count(*) from {LedgerSchema.EventTable} where timestamp <= $1");
        command.Parameters.Add(new NpgsqlParameter { Value = asKnownAt });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new KnownEvents(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The first checkpoint that covers the last known event: the same one for every later run.</summary>
    private async Task<Checkpoint> Anchor(long lastSequence, CancellationToken cancellation)
    {
        if (await chain.FirstCheckpointCovering(lastSequence, cancellation) is { } anchor) return anchor;
        await checkpointing.CreateAsync(cancellation);
        return await chain.FirstCheckpointCovering(lastSequence, cancellation)
               ?? throw new DomainConflict("the integrity chain has not reached the events of this export yet; retry in a few seconds");
    }
}
