using System.Text.Json;
using Npgsql;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.PersonalData;

namespace RegionLock.Ledger.Imports;

/// <summary>How an import went: lines read, applied, already in the ledger, refused (each with its reason).</summary>
public sealed record ImportOutcome(int Lines, int Applied, int Skipped, IReadOnlyList<ImportRejection> Rejections);

/// <summary>
/// Imports an earlier system's records from an NDJSON file: each line validated, a device's lines decided together
/// (<see cref="DeviceImport"/>), and devices appended a batch per transaction through Marten, so the inline projections,
/// the seal and the chain treat them as any append. Every event carries its origin and original id as metadata; a
/// batch commits whole or not at all, so an import stopped half-way and run again applies each line exactly once.
/// </summary>
public sealed class Importer(IDocumentStore store, NpgsqlDataSource database, PersonalDataVault vault, DeviceCopy copy)
{
    // Transactions committed side by side: the appends wait on PostgreSQL round trips as much as on the cores.
    private const int Writers = 4;

    public const string OriginHeader = "origin", OriginalIdHeader = "original-id", OriginalRecordedAtHeader = "original-recorded-at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <param name="progress">Lines handled so far, of <see cref="CountLines"/>.</param>
    public async Task<ImportOutcome> Run(string path, string origin, Actor actor, int devicesPerBatch, IProgress<int> progress,
                                         CancellationToken cancellation)
    {
        var (devices, read, lines) = await Read(path, cancellation);
        var rejections = new System.Collections.Concurrent.ConcurrentBag<ImportRejection>(read);
        var (applied, skipped, handled) = (0, 0, lines - devices.Values.Sum(d => d.Count));
        // Batches of different devices never touch the same stream: a few commit side by side.
        await Parallel.ForEachAsync(devices.Chunk(devicesPerBatch), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellation },
            async (batch, token) =>
            {
                var holds = await Holds(origin, batch, token);
                await using var connection = await database.OpenConnectionAsync(token);
                await using var transaction = await connection.BeginTransactionAsync(token);
                var now = await DeviceCopy.Begin(connection, token);
                await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
                session.LastModifiedBy = actor.Principal;
                var copied = new List<(string Imei, List<IEvent> Events)>();
                foreach (var (imei, deviceLines) in batch)
                {
                    var decision = DeviceImport.Decide(origin, deviceLines, holds[imei]);
                    foreach (var rejection in decision.Rejections) rejections.Add(rejection);
                    Interlocked.Add(ref skipped, decision.Skipped);
                    Interlocked.Add(ref applied, decision.Events.Count);
                    if (decision.Events.Count == 0) continue;
                    var events = await Stamped(origin, actor, decision.Events, token);
                    // A new device without appeals, most of a migration, is copied; the rest is appended through Marten.
                    if (!holds[imei].Registered && decision.Events.All(e => e.Appeal is null)) copied.Add((imei, events));
                    else Append(session, imei, holds[imei], decision.Events, events);
                }
                await copy.Write(connection, session, copied, now, token);
                await session.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                progress.Report(Interlocked.Add(ref handled, batch.Sum(d => d.Value.Count)));
            });
        return new ImportOutcome(lines, applied, skipped, rejections.OrderBy(r => r.Line).ToList());
    }

    public static int CountLines(string path) => File.ReadLines(path).Count();

    // Every line parsed and validated; the valid ones by device, in file order. An import file's lines are held
    // until their device is decided: a device's lines may be anywhere in the file.
    private static async Task<(Dictionary<string, List<ImportLine>> Devices, List<ImportRejection> Rejections, int Lines)> Read(
        string path, CancellationToken cancellation)
    {
        var texts = new List<(int Number, string Text)>();
        var number = 0;
        await foreach (var text in File.ReadLinesAsync(path, cancellation))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text)) texts.Add((number, text));
        }
        // Parsing and validating are most of reading: the cores share them, the lines keep their order.
        var validator = new ImportRecordValidator();
        var checkedLines = texts.AsParallel().AsOrdered().WithCancellation(cancellation)
            .Select(t => Parse(t.Number, t.Text))
            .Select(p => p.Record is null || validator.Validate(p.Record) is not { IsValid: false } invalid
                ? p
                : p with { Problem = string.Join("; ", invalid.Errors.Select(e => e.ErrorMessage)) })
            .ToList();

        var devices = new Dictionary<string, List<ImportLine>>(StringComparer.Ordinal);
        var rejections = new List<ImportRejection>();
        foreach (var (line, record, problem) in checkedLines)
        {
            if (problem is not null) rejections.Add(new ImportRejection(line, record?.Id, problem));
            else (devices.TryGetValue(record!.Imei!, out var list) ? list : devices[record.Imei!] = []).Add(new ImportLine(line, record));
        }
        return (devices, rejections, number);
    }

    private static (int Number, ImportRecord? Record, string? Problem) Parse(int number, string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportRecord>(text, Json) is { } record
                ? (number, record, null)
                : (number, null, "not a JSON record");
        }
        catch (JsonException e)
        {
            return (number, null, $"not a JSON record of the import format: {e.Message}");
        }
    }

    // What the ledger holds of a batch's devices and the appeals their lines name, in three reads.
    private async Task<Dictionary<string, LedgerHolds>> Holds(string origin, KeyValuePair<string, List<ImportLine>>[] batch,
                                                              CancellationToken cancellation)
    {
        var imeis = batch.Select(d => d.Key).ToArray();
        var appealIds = batch.SelectMany(d => d.Value).Select(l => l.Record)
            .Select(r => r.Kind == ImportRecord.AppealFiled ? r.Id : r.Appeal).OfType<string>()
            .Select(id => DeviceImport.IdOf(origin, id)).Distinct().ToList();
        await using var session = store.QuerySession();
        var known = (await session.LoadManyAsync<Device>(cancellation, imeis)).ToDictionary(d => d.Imei);
        var appeals = (await session.LoadManyAsync<Appeal>(cancellation, appealIds.Select(a => a.ToString()))).ToLookup(a => a.Imei);

        // An earlier system's ids are its own, unique across its records: one set serves the batch.
        var imported = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = database.CreateCommand(
            $"select headers->>'{OriginalIdHeader}' from {LedgerSchema.EventTable} where stream_id = any($1) and headers->>'{OriginHeader}' = $2"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = imeis.Concat(appealIds.Select(a => a.ToString())).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = origin });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) imported.Add(reader.GetString(0));
        }
        return imeis.ToDictionary(imei => imei, imei => new LedgerHolds(
            known.ContainsKey(imei),
            known.TryGetValue(imei, out var device) ? device.ActiveLocks.ToDictionary(l => l.LockId, l => l.Region) : new(),
            appeals[imei].Select(a => Guid.Parse(a.Id)).ToHashSet(),
            imported));
    }

    // Each planned event as the ledger records it: the importer's, with the record's origin, id and recording time.
    private async Task<List<IEvent>> Stamped(string origin, Actor actor, IReadOnlyList<PlannedEvent> planned, CancellationToken cancellation)
    {
        var events = new List<IEvent>(planned.Count);
        foreach (var p in planned)
        {
            // The owner's contact is personal data: encrypted under the appeal's key, as a filed appeal's is.
            var data = p.Data is AppealFiled filed
                ? filed with { Contact = await vault.Protect(filed.AppealId.ToString(), filed.Contact, cancellation) }
                : p.Data;
            var e = CommandMetadata.ActorEvent(data, actor);
            e.SetHeader(OriginHeader, origin);
            e.SetHeader(OriginalIdHeader, p.Line.Record.Id!);
            if (p.Line.Record.RecordedAt is { } recordedAt) e.SetHeader(OriginalRecordedAtHeader, recordedAt.ToString("O"));
            events.Add(e);
        }
        return events;
    }

    // Onto the device's stream and the appeals' own, started where the ledger has none yet.
    private static void Append(IDocumentSession session, string imei, LedgerHolds holds, IReadOnlyList<PlannedEvent> planned,
                               List<IEvent> events)
    {
        foreach (var group in planned.Zip(events).GroupBy(p => p.First.Appeal, p => (object)p.Second))
        {
            var stream = group.ToArray();
            if (group.Key is not { } appeal)
            {
                if (holds.Registered) session.Events.Append(imei, stream);
                else session.Events.StartStream<Device>(imei, stream);
            }
            else if (holds.Appeals.Contains(appeal)) session.Events.Append(appeal.ToString(), stream);
            else session.Events.StartStream<Appeal>(appeal.ToString(), stream);
        }
    }
}
