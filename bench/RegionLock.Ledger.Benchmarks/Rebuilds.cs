using System.Diagnostics;
using Marten;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>Case 3: the Device projection rebuilt by Marten's daemon from every event, against a raw scan of the same rows.</summary>
public static class Rebuilds
{
    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, long events)
    {
        var scan = await RawScan(ledger);
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        using (var daemon = await ledger.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<Device>(TimeSpan.FromHours(1), CancellationToken.None);
        var rebuild = events / clock.Elapsed.TotalSeconds;
        var (service, postgres) = cpu.Elapsed();

        const string section = "3. Projection rebuild";
        return
        [
            new Figure(section, $"raw SELECT of every event ({events:N0}), each row read", scan, "events/s"),
            new Figure(section, $"Device projection rebuilt by Marten's daemon ({events:N0} events)", rebuild, "events/s",
                       "raw scan", scan, "≥ 50% of the raw scan", rebuild / scan >= 0.5),
            new Figure(section, "rebuild CPU per 1,000 events: service (read, deserialize, fold, serialize)", service * 1e6 / events, "ms"),
            new Figure(section, "rebuild CPU per 1,000 events: PostgreSQL (scan, upserts)", postgres * 1e6 / events, "ms"),
        ];
    }

    private static async Task<double> RawScan(BenchLedger ledger)
    {
        var clock = Stopwatch.StartNew();
        await using var command = ledger.Database.CreateCommand(
            $"select seq_id, id, stream_id, version, type, timestamp, data::text, headers::text from {LedgerSchema.EventTable} order by seq_id");
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0, bytes = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            bytes += reader.GetString(6).Length + reader.GetString(2).Length;
        }
        return rows / clock.Elapsed.TotalSeconds;
    }
}
