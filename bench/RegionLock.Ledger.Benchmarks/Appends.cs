using System.Diagnostics;
using Marten;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 1: events appended per second in bulk through Marten as the product configures it (inline Device snapshot,
/// full metadata, the seal), against binary COPY of the same rows into a plain table with no index: the physical
/// limit of this PostgreSQL. One command per transaction is measured with the HTTP writes (<see cref="HttpWrites"/>).
/// </summary>
public static class Appends
{
    public const int BulkDevices = 5_000;
    private const int DevicesPerTransaction = 100;
    private const int CopyDevices = 20_000;

    /// <summary>The bulk case also registers the devices that the write cases then use.</summary>
    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger)
    {
        var copy = await RawCopy(ledger);
        var bulk = await Bulk(ledger);
        const string section = "1. Append throughput";
        return
        [
            new Figure(section, "raw binary COPY into a plain table (no index)", copy, "events/s"),
            new Figure(section, $"Marten bulk: {DevicesPerTransaction * SyntheticLedger.EventsPerDevice:N0} events per transaction, inline snapshots",
                       bulk, "events/s", "raw COPY", copy, "≥ 30% of raw COPY", bulk / copy >= 0.3),
        ];
    }

    public static async Task<double> RawCopy(BenchLedger ledger)
    {
        await using var connection = await ledger.Database.OpenConnectionAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = $"drop table if exists public.bench_copy; create table public.bench_copy (like {LedgerSchema.EventTable} including defaults)";
            await create.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        var rows = await SyntheticLedger.Copy(ledger.Store, connection, "public.bench_copy", ledger.Services.GetRequiredService<Integrity.EventSealer>(), CopyDevices, 0);
        var rate = rows / clock.Elapsed.TotalSeconds;
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "drop table public.bench_copy"; // measured: nothing later reads it
            await drop.ExecuteNonQueryAsync();
        }
        return rate;
    }

    private static async Task<double> Bulk(BenchLedger ledger)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, BulkDevices).Chunk(DevicesPerTransaction))
        {
            await using var session = ledger.Store.LightweightSession();
            foreach (var device in batch)
                session.Events.StartStream<Device>(SyntheticLedger.Imei(device), SyntheticLedger.DeviceEvents(device, BulkDevices).ToArray());
            await session.SaveChangesAsync();
        }
        return BulkDevices * SyntheticLedger.EventsPerDevice / clock.Elapsed.TotalSeconds;
    }
}
