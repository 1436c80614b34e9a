using Marten.Events;
using Npgsql;
using NpgsqlTypes;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Reports.LockRecords;

namespace RegionLock.Ledger.Imports;

/// <summary>
/// New devices' streams written by binary COPY inside an import batch's transaction: the rows Marten's append writes
/// (its type names, its serializer, the stream's versions, the transaction's time), each sealed as the service seals
/// an append, and beside them, copied too, the documents its inline projections would write — the Device snapshot,
/// folded by Marten's own aggregator, and the lock records (a test holds both to what a rebuild writes). Hand-written because Marten's bulk
/// event insert runs in a transaction of its own and moves the daemon's high-water mark itself, which would skip a
/// live append still in flight; this one holds a write lock on the event table before it takes sequence numbers, so
/// the daemon waits for it as for any writer.
/// </summary>
public sealed class DeviceCopy(IDocumentStore store, EventSealer sealer)
{
    private readonly EventGraph _events = (EventGraph)((DocumentStore)store).Options.Events;
    private readonly LockRecordProjection _lockRecords = new();

    /// <summary>The transaction's time, once the event table's write lock is held: the recorded time of every row.</summary>
    public static async Task<DateTimeOffset> Begin(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"lock table {LedgerSchema.EventTable} in row exclusive mode; select txid_current(); select now()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.NextResultAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <param name="devices">Each new device's events, stamped (<see cref="CommandMetadata.ActorEvent"/>), in stream order.</param>
    public async Task Write(NpgsqlConnection connection, IQuerySession session, IReadOnlyList<(string Imei, List<IEvent> Events)> devices,
                            DateTimeOffset now, CancellationToken cancellation)
    {
        if (devices.Count == 0) return;
        var serializer = store.Options.Serializer();
        var sequences = await Sequences(connection, devices.Sum(d => d.Events.Count), cancellation);
        var next = 0;

        await using (var streams = await connection.BeginBinaryImportAsync(
            $"copy {LedgerSchema.Name}.mt_streams (id, type, version, timestamp, created) from stdin (format binary)", cancellation))
        {
            foreach (var (imei, events) in devices)
                await streams.WriteRowAsync(cancellation, imei, "device", (long)events.Count, now, now);
            await streams.CompleteAsync(cancellation);
        }

        await using (var rows = await connection.BeginBinaryImportAsync(
            $"copy {LedgerSchema.EventTable} (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name) " +
            "from stdin (format binary)", cancellation))
        {
            foreach (var (imei, events) in devices)
            {
                var version = 0L;
                foreach (var e in events)
                {
                    var mapping = _events.EventMappingFor(e.EventType);
                    (e.Sequence, e.Version, e.Timestamp, e.StreamKey) = (sequences[next++], ++version, now, imei);
                    (e.EventTypeName, e.DotNetTypeName) = (mapping.EventTypeName, mapping.DotNetTypeName);
                    var data = serializer.ToJson(e.Data);
                    e.SetHeader(EventSealer.Header, sealer.Seal(e.Id, imei, mapping.EventTypeName, e.UserName, data));
                    await rows.StartRowAsync(cancellation);
                    await rows.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, cancellation);
                    await rows.WriteAsync(e.Id, NpgsqlDbType.Uuid, cancellation);
                    await rows.WriteAsync(imei, NpgsqlDbType.Varchar, cancellation);
                    await rows.WriteAsync(e.Version, NpgsqlDbType.Bigint, cancellation);
                    await rows.WriteAsync(data, NpgsqlDbType.Jsonb, cancellation);
                    await rows.WriteAsync(mapping.EventTypeName, NpgsqlDbType.Varchar, cancellation);
                    await rows.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellation);
                    await rows.WriteAsync(mapping.DotNetTypeName, NpgsqlDbType.Varchar, cancellation);
                    await rows.WriteAsync(serializer.ToJson(e.Headers), NpgsqlDbType.Jsonb, cancellation);
                    await rows.WriteAsync(e.UserName, NpgsqlDbType.Varchar, cancellation);
                }
            }
            await rows.CompleteAsync(cancellation);
        }

        var aggregator = ((DocumentStore)store).Options.Projections.AggregatorFor<Device>();
        var locks = new Dictionary<Guid, LockRecord>();
        await using (var snapshots = await connection.BeginBinaryImportAsync(
            $"copy {LedgerSchema.Name}.mt_doc_device (id, data, mt_last_modified, mt_dotnet_type, mt_version) from stdin (format binary)", cancellation))
        {
            foreach (var (imei, events) in devices)
            {
                // Marten's own fold, versioned as its inline snapshot is: the stream's version.
                var device = (await aggregator.BuildAsync(events, session, null, cancellation))! with { Version = events.Count };
                await Row(snapshots, cancellation, imei, serializer.ToJson(device), now, typeof(Device).FullName!, (long)events.Count);
                foreach (var e in events)
                {
                    if (e is IEvent<DeviceLocked> locked) locks[locked.Data.LockId] = _lockRecords.Create(locked);
                    else if (e is IEvent<DeviceUnlocked> unlocked) locks[unlocked.Data.LockId] = _lockRecords.Apply(unlocked, locks[unlocked.Data.LockId]);
                }
            }
            await snapshots.CompleteAsync(cancellation);
        }
        // The lock records with the columns LockRecordProjection.Configure duplicates (the reports' periods, the investigation).
        await using (var records = await connection.BeginBinaryImportAsync(
            $"copy {LedgerSchema.Name}.mt_doc_lockrecord (id, data, mt_last_modified, mt_dotnet_type, mt_version, locked_at, unlocked_at, " +
            "lock_recorded_at, unlock_recorded_at, lockedinvestigation_id) from stdin (format binary)", cancellation))
        {
            foreach (var r in locks.Values)
                await Row(records, cancellation, r.Id, serializer.ToJson(r), now, typeof(LockRecord).FullName!, 1L, r.LockedAt,
                          r.UnlockedAt, r.LockRecordedAt, r.UnlockRecordedAt, r.Locked.InvestigationId);
            await records.CompleteAsync(cancellation);
        }
    }

    // A document row: its id, its JSON (the second column), then the rest as their types say.
    private static async Task Row(NpgsqlBinaryImporter copy, CancellationToken cancellation, object id, string json, params object?[] rest)
    {
        await copy.StartRowAsync(cancellation);
        if (id is Guid guid) await copy.WriteAsync(guid, NpgsqlDbType.Uuid, cancellation);
        else await copy.WriteAsync((string)id, NpgsqlDbType.Varchar, cancellation);
        await copy.WriteAsync(json, NpgsqlDbType.Jsonb, cancellation);
        foreach (var value in rest)
        {
            switch (value)
            {
                case null: await copy.WriteNullAsync(cancellation); break;
                case DateTimeOffset instant: await copy.WriteAsync(instant, NpgsqlDbType.TimestampTz, cancellation); break;
                case long number: await copy.WriteAsync(number, NpgsqlDbType.Bigint, cancellation); break;
                case Guid uuid: await copy.WriteAsync(uuid, NpgsqlDbType.Uuid, cancellation); break;
                default: await copy.WriteAsync((string)value, NpgsqlDbType.Varchar, cancellation); break;
            }
        }
    }

    // Numbers of Marten's event sequence, taken one by one in one statement: a writer beside the import takes its own
    // between them, never one of these.
    private static async Task<long[]> Sequences(NpgsqlConnection connection, int count, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select nextval('{LedgerSchema.EventSequence}') from generate_series(1, $1) order by 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var numbers = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) numbers.Add(reader.GetInt64(0));
        return numbers.ToArray();
    }
}
