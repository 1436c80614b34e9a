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
public sealed class ExportBundle(IDocumentStore store, NpgsqlDataSource database, ChainStore chain,
                                 Checkpointing checkpointing, KeyHistory keys, ExportSigner signer)
{
    public const string Manifest = "manifest.json";
    public const string ManifestSignature = "manifest.sig";
    public const string PublicKey = "public.pem";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    // Fixed entry times: the archive, like its files, is the same bytes for the same events.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The bundle's files by name: the report's, or against <paramref name="basis"/> (an earlier export of the same
    /// report) the rows that changed since (<see cref="ReportDelta"/>), the manifest naming the basis and the SHA-256
    /// of the full CSV that applying the delta to the basis's gives.
    /// </summary>
    public async Task<SortedDictionary<string, byte[]>> Build(string report, ReportRequest request, Disclosure? basis,
                                                              CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var file = await ReportCatalogue.Build(report, session, request, cancellation);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        DeltaManifest? delta = null;
        if (basis is null)
        {
            files[$"{report}.csv"] = file.Write("csv");
            files[$"{report}.json"] = file.Write("json");
        }
        else
        {
            var (changes, counts) = ReportDelta.Between(await ReportCatalogue.Build(report, session, basis.Request, cancellation), file);
            files[$"{report}-delta.csv"] = changes.Write("csv");
            files[$"{report}-delta.json"] = changes.Write("json");
            var full = file.Write("csv");
            delta = new DeltaManifest(basis.Sha256, Csv.Instant(basis.Request.AsKnownAt), file.Key.Select(i => file.Header[i]).ToList(),
                                      new FileDigest($"{report}.csv", DisclosureLog.Sha256(full), full.Length),
                                      counts.Added, counts.Removed, counts.Changed);
        }

        await Settle(request.AsKnownAt, cancellation);
        var events = await EventsKnown(request.AsKnownAt, cancellation);
        var anchor = await Anchor(events.Last, cancellation);
        var key = signer.Current;
        await keys.EnsureRecorded(key, cancellation);
        files["checkpoint.txt"] = anchor.Statement();
        files["checkpoint.sig"] = anchor.Signature;
        files["checkpoint-public.pem"] = Encoding.ASCII.GetBytes(await keys.PublicKey(SigningKeyKind.Checkpoint, anchor.KeyId, cancellation));
        files[PublicKey] = Encoding.ASCII.GetBytes(key.PublicKeyPem);

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
            files.Select(f => new FileDigest(f.Key, DisclosureLog.Sha256(f.Value), f.Value.Length)).ToList());
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        files[Manifest] = manifestBytes;
        files[ManifestSignature] = key.Sign(manifestBytes);
        return files;
    }

    public static async Task WriteFolder(string folder, SortedDictionary<string, byte[]> files, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in files)
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, cancellation);
    }

    public static async Task<byte[]> Zip(SortedDictionary<string, byte[]> files, CancellationToken cancellation)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                await using var stream = entry.Open();
                await stream.WriteAsync(bytes, cancellation);
            }
        }
        return zip.ToArray();
    }

    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(100), SettleLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits until every transaction that began by the as-known-at instant has ended. An event is stamped with its
    /// transaction's start: one still open could yet add to what was "known" at the instant, and the same export made
    /// again later would differ. (A role sees only its own sessions' transactions here: the service's.)
    /// </summary>
    private async Task Settle(DateTimeOffset asKnownAt, CancellationToken cancellation)
    {
        for (var waited = TimeSpan.Zero; ; waited += SettlePoll)
        {
            await using var command = database.CreateCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start <= $1 " +
                // An instant still to come cannot be reproduced anyway: whatever commits before it counts.
                "and $1 <= now()");
            command.Parameters.Add(new NpgsqlParameter { Value = asKnownAt });
            if ((long)(await command.ExecuteScalarAsync(cancellation))! == 0) return;
            if (waited >= SettleLimit)
                throw new DomainConflict("transactions that began before the as-known-at instant are still open; retry in a few seconds");
            await Task.Delay(SettlePoll, cancellation);
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

public sealed record FileDigest(string Name, string Sha256, long Bytes);

/// <summary>What a delta bundle says of its basis: the manifest it follows, the key columns, and the full CSV it leads to.</summary>
public sealed record DeltaManifest(string Base, string BaseAsKnownAt, IReadOnlyList<string> Key, FileDigest Full, int Added,
                                   int Removed, int Changed);

/// <summary>manifest.json; a full export has no <c>delta</c>.</summary>
public sealed record ExportManifest(string Format, string Report, string From, string To, string? Region, string AsKnownAt,
                                    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeltaManifest? Delta,
                                    object Events, object Checkpoint, object Signature, IReadOnlyList<FileDigest> Files);
