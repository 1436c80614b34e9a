using Marten;
using Npgsql;
using RegionLock.Ledger.Integrity;
using NpgsqlTypes;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// A large ledger written straight into Marten's tables with binary COPY (the same rows Marten writes: its type names,
/// its serializer), so that a million events take seconds to set up. Each device has ten events: registered, four
/// observations, a lock in a restricted region, two more observations, an unlock, one more observation. Every 10,000
/// devices take half a year, ending with 2021: the last quarter of 2021 holds the same 5,000 devices' locks in a ledger
/// of any size, and a larger ledger only adds history before it (19 times as much at 100,000 devices as at 10,000).
/// </summary>
public static class SyntheticLedger
{
    public const int EventsPerDevice = 10;
    public static readonly DateTimeOffset End = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const double HalfYearMinutes = 262_800;
    private const int DevicesPerHalfYear = 10_000;
    private static readonly string[] Restricted = ["IR", "CU", "SY", "KP", "UA-43"];

    public static IEnumerable<object> DeviceEvents(int device, int devices)
    {
        var imei = Imei(device);
        var span = HalfYearMinutes * Math.Max(1.0, (double)devices / DevicesPerHalfYear);
        var at = End.AddMinutes(-span + (double)device / devices * span);
        var region = Restricted[device % Restricted.Length];
        var lockId = new Guid(device, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        yield return new DeviceRegistered(imei, "Phone 12", "AE", at);
        for (var i = 1; i <= 4; i++) yield return new DeviceObserved(imei, i == 4 ? region : "AE", ObservationSignal.SimMcc, null, null, at.AddDays(i));
        yield return new DeviceLocked(imei, lockId, region, "seen in a restricted region", 1, null, at.AddDays(5));
        yield return new DeviceObserved(imei, region, ObservationSignal.Gps, null, null, at.AddDays(6));
        yield return new DeviceObserved(imei, "AE", ObservationSignal.Gps, null, null, at.AddDays(7));
        yield return new DeviceUnlocked(imei, lockId, UnlockReason.ErrorCorrection, null, null, at.AddDays(8 + device % 40));
        yield return new DeviceObserved(imei, "AE", ObservationSignal.Gps, null, null, at.AddDays(50));
    }

    public static string Imei(int device)
    {
        var payload = (35_000_000_000_000L + device).ToString("D14");
        return payload + Devices.Imei.CheckDigit(payload);
    }

    /// <summary>Appends the devices' events to the ledger (events, streams and Marten's sequence); returns their number.</summary>
    public static async Task<long> Write(IDocumentStore store, NpgsqlDataSource database, EventSealer sealer, int devices)
    {
        await using var connection = await database.OpenConnectionAsync();
        // One transaction that writes to the event table before it takes the sequence numbers: the async daemon then
        // sees a live writer from before the gap they leave until the rows land, and waits for them instead of
        // skipping the range as lost (it does after a few seconds with no writer to wait for).
        await using var transaction = await connection.BeginTransactionAsync();
        await Scalar(connection, $"lock table {LedgerSchema.EventTable} in row exclusive mode; select txid_current()");
        // The sequence numbers are taken before the rows are copied: an append the service makes meanwhile (a key's
        // adoption, say) then gets a number after them instead of one of theirs.
        var count = (long)devices * EventsPerDevice;
        var after = await Scalar(connection,
            $"select setval('{LedgerSchema.EventSequence}', taken + {count}) - {count} from " +
            $"(select case when is_called then last_value else last_value - 1 end as taken from {LedgerSchema.EventSequence}) s");
        await using (var streams = await connection.BeginBinaryImportAsync(
            $"copy {LedgerSchema.Name}.mt_streams (id, type, version, timestamp, created) from stdin (format binary)"))
        {
            for (var device = 0; device < devices; device++)
                await streams.WriteRowAsync(CancellationToken.None, Imei(device), "device", (long)EventsPerDevice, End, End);
            await streams.CompleteAsync();
        }
        // The streams first: every event's stream must exist.
        var written = await Copy(store, connection, LedgerSchema.EventTable, sealer, devices, after);
        if (written != count) throw new InvalidOperationException($"{written} events copied, {count} numbers taken");
        await transaction.CommitAsync();
        await Scalar(connection, $"analyze {LedgerSchema.EventTable}");
        return written;
    }

    /// <summary>The devices' events as Marten's rows, by binary COPY into <paramref name="table"/>; returns their number.</summary>
    /// <remarks>Each row is sealed as the service seals what it appends: the chain extends only over sealed events.</remarks>
    public static async Task<long> Copy(IDocumentStore store, NpgsqlConnection connection, string table, EventSealer sealer,
                                        int devices, long after)
    {
        var serializer = store.Options.Serializer();
        var mappings = new[] { typeof(DeviceRegistered), typeof(DeviceObserved), typeof(DeviceLocked), typeof(DeviceUnlocked) }
            .ToDictionary(t => t, t => ((Marten.Events.EventGraph)((DocumentStore)store).Options.Events).EventMappingFor(t));
        var sequence = after;
        await using var events = await connection.BeginBinaryImportAsync(
            $"copy {table} (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, " +
            "correlation_id, causation_id, headers, user_name) from stdin (format binary)");
        for (var device = 0; device < devices; device++)
        {
            var version = 0L;
            foreach (var e in DeviceEvents(device, devices))
            {
                var mapping = mappings[e.GetType()];
                await events.StartRowAsync();
                var id = Guid.CreateVersion7();
                var data = serializer.ToJson(e);
                await events.WriteAsync(++sequence, NpgsqlDbType.Bigint);
                await events.WriteAsync(id, NpgsqlDbType.Uuid);
                await events.WriteAsync(Imei(device), NpgsqlDbType.Varchar);
                await events.WriteAsync(++version, NpgsqlDbType.Bigint);
                await events.WriteAsync(data, NpgsqlDbType.Jsonb);
                await events.WriteAsync(mapping.EventTypeName, NpgsqlDbType.Varchar);
                await events.WriteAsync(((ITakesEffect)e).EffectiveAt.AddMinutes(1), NpgsqlDbType.TimestampTz);
                await events.WriteAsync(mapping.DotNetTypeName, NpgsqlDbType.Varchar);
                await events.WriteAsync($"bench-{device}", NpgsqlDbType.Varchar);
                await events.WriteAsync($"bench#{sequence}", NpgsqlDbType.Varchar);
                var seal = sealer.Seal(id, Imei(device), mapping.EventTypeName, "bench", data);
                await events.WriteAsync($$"""{"principal":"bench","role":"enforcement","{{EventSealer.Header}}":"{{seal}}"}""", NpgsqlDbType.Jsonb);
                await events.WriteAsync("bench", NpgsqlDbType.Varchar);
            }
        }
        await events.CompleteAsync();
        return sequence - after;
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }
}
