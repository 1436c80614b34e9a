using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using RegionLock.Ledger.Disclosures;
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
public sealed class ExportBundle(NpgsqlDataSource database, ChainStore chain,
                                 Checkpointing checkpointing, KeyHistory keys, ISigningKeys signingKeys, ReportSessions reports)
{
    public const string Manifest = "manifest.json";
    public const string ManifestSignature = "manifest.sig";
    public const string PublicKey = "public.pem";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    // Fixed entry times: the archive, like its files, is the same bytes for the same events.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes the bundle's files into a folder and answers its manifest's SHA-256: the report's rows streamed into its
    /// CSV and JSON at once, each hashed as it is written; or against <paramref name="basis"/> (an earlier export of
    /// the same report) the rows that changed since (<see cref="ReportDelta"/>), the manifest naming the basis and the
    /// SHA-256 of the full CSV that applying the delta to the basis's gives.
    /// </summary>
    public async Task<string> Write(string folder, string report, ReportRequest request, Disclosure? basis,
                                    CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        await using var reading = await reports.Open(request.AsKnownAt, cancellation);
        var session = reading.Session;
        List<FileDigest> files;
        DeltaManifest? delta = null;
        if (basis is null)
        {
            files = await WriteReport(folder, report, await ReportCatalogue.Stream(report, session, request, cancellation), cancellation);
        }
        else
        {
            // A delta compares the two exports' rows: it holds both (the full exports stream).
            var file = await ReportCatalogue.Build(report, session, request, cancellation);
            var (changes, counts) = ReportDelta.Between(await ReportCatalogue.Build(report, session, basis.Request, cancellation), file);
            files = await WriteReport(folder, $"{report}-delta", ReportStream.Of(changes), cancellation);
            var full = file.Write("csv");
            delta = new DeltaManifest(basis.Sha256, Csv.Instant(basis.Request.AsKnownAt), file.Key.Select(i => file.Header[i]).ToList(),
                                      FileDigest.Of($"{report}.csv", full),
                                      counts.Added, counts.Removed, counts.Changed);
        }

        var events = await EventsKnown(request.AsKnownAt, cancellation);
        var anchor = await Anchor(events.Last, cancellation);
        var key = signingKeys.Required(SigningKeyKind.Export);
        await keys.EnsureRecorded(key, cancellation);
        foreach (var (name, bytes) in new (string, byte[])[]
                 {
                     ("checkpoint.txt", anchor.Statement()), ("checkpoint.sig", anchor.Signature),
                     ("checkpoint-public.pem", Encoding.ASCII.GetBytes(await keys.PublicKey(SigningKeyKind.Checkpoint, anchor.KeyId, cancellation))),
                     (PublicKey, Encoding.ASCII.GetBytes(key.PublicKeyPem)),
                 })
            files.Add(await DigestedFile.Write(Path.Combine(folder, name), bytes, cancellation));

        var manifest = new ExportManifest(
            "regionlock-ledger export v1", report, Csv.Instant(request.From), Csv.Instant(request.To), request.Region,
            Csv.Instant(request.AsKnownAt), delta,
            new { firstSequence = events.First, lastSequence = events.Last, count = events.Count },
            new
            {
                treeSize = anchor.TreeSize,
                lastSequence = anchor.LastSequence,
                rootHash = Convert.ToHexStringLower(anchor.RootHash),
                createdAt = anchor.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
                keyId = anchor.KeyId,
            },
            new { algorithm = "Ed25519", keyId = key.KeyId, publicKey = PublicKey },
            files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList());
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        await File.WriteAllBytesAsync(Path.Combine(folder, Manifest), manifestBytes, cancellation);
        await File.WriteAllBytesAsync(Path.Combine(folder, ManifestSignature), key.Sign(manifestBytes), cancellation);
        return FileDigest.Sha256Of(manifestBytes);
    }

    // The report's CSV and JSON, written in one pass over its rows.
    private static async Task<List<FileDigest>> WriteReport(string folder, string stem, ReportStream rows, CancellationToken cancellation)
    {
        await using var csv = DigestedFile.Create(Path.Combine(folder, $"{stem}.csv"));
        await using var json = DigestedFile.Create(Path.Combine(folder, $"{stem}.json"));
        await rows.WriteTo([(csv.Stream, "csv"), (json.Stream, "json")], cancellation);
        return [await csv.Close(cancellation), await json.Close(cancellation)];
    }

    /// <summary>
    /// A zip of a bundle's folder, written to a file: entries in name order with a fixed time, so the same files give
    /// the same archive. Each file is copied through, never held whole.
    /// </summary>
    public static async Task Zip(string folder, string zipFile, CancellationToken cancellation)
    {
        await using var zip = File.Create(zipFile);
        await using var archive = new ZipArchive(zip, ZipArchiveMode.Create);
        foreach (var path in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var entry = archive.CreateEntry(Path.GetFileName(path), CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            await using var input = File.OpenRead(path);
            await using var output = entry.Open();
            await input.CopyToAsync(output, cancellation);
        }
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

/// <summary>What a delta bundle says of its basis: the manifest it follows, the key columns, and the full CSV it leads to.</summary>
public sealed record DeltaManifest(string Base, string BaseAsKnownAt, IReadOnlyList<string> Key, FileDigest Full, int Added,
                                   int Removed, int Changed);

/// <summary>manifest.json; a full export has no <c>delta</c>.</summary>
public sealed record ExportManifest(string Format, string Report, string From, string To, string? Region, string AsKnownAt,
                                    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeltaManifest? Delta,
                                    object Events, object Checkpoint, object Signature, IReadOnlyList<FileDigest> Files);
