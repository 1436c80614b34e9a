using System.Diagnostics;
using System.Text.Json;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Imports;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 1 (import): an earlier system's records, the synthetic devices' histories as NDJSON lines, imported as
/// `ops/run import` does (parsed, validated, decided per device, appended a batch per transaction), against the raw
/// COPY of the same run; then the imported ledger is verified.
/// </summary>
public static class Imports
{
    private const int Devices = 50_000;

    public static async Task<IReadOnlyList<Figure>> Measure(string server, double rawCopy)
    {
        await using var ledger = await BenchLedger.Start(server, "ledger_bench_import", [("Integrity:CheckpointSeconds", "3600")]);
        var file = Path.Combine(Directory.CreateTempSubdirectory("regionlock-bench-import-").FullName, "records.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Devices).SelectMany(device =>
            SyntheticLedger.DeviceEvents(device, Devices).Select((e, n) => JsonSerializer.Serialize(Record(e, $"{device}-{n}"), JsonSerializerOptions.Web))));

        var clock = Stopwatch.StartNew();
        var outcome = await ledger.Services.GetRequiredService<Importer>().Run(
            file, "bench", new Actor("bench", Role.Admin), 500, new Progress<int>(), CancellationToken.None);
        var rate = outcome.Applied / clock.Elapsed.TotalSeconds;
        if (outcome.Rejections.Count > 0) throw new InvalidOperationException($"the import refused {outcome.Rejections[0]}");

        await ledger.ChainCaughtUp(TimeSpan.FromMinutes(10));
        await ledger.Services.GetRequiredService<Checkpointing>().CreateAsync(CancellationToken.None);
        var report = await ledger.Services.GetRequiredService<Verification>().RunAsync(null, null, CancellationToken.None);
        const string section = "1. Append throughput";
        return
        [
            new Figure(section, $"`import` of {outcome.Applied:N0} records (NDJSON, {Devices:N0} devices, 500 per transaction)", rate,
                       "records/s", "raw COPY", rawCopy, "≥ 30% of raw COPY", rate / rawCopy >= 0.3),
            new Figure(section, $"the imported ledger verified: {report.EventsVerified:N0} events", report.Intact ? 1 : 0, "intact",
                       Target: "intact", Met: report.Intact),
        ];
    }

    // A synthetic event as the earlier system's record of it.
    private static object Record(object e, string id) => e switch
    {
        DeviceRegistered r => new { kind = "registration", id, imei = r.Imei, model = r.Model, salesMarket = r.SalesMarket, at = r.EffectiveAt },
        DeviceObserved o => new { kind = "observation", id, imei = o.Imei, region = o.Region, signal = StoredName<ObservationSignal>.Of(o.Signal), at = o.ObservedAt },
        DeviceLocked l => new { kind = "lock", id, imei = l.Imei, region = l.Region, reason = l.Reason, policyVersion = l.PolicyVersion, at = l.EffectiveAt },
        DeviceUnlocked u => new { kind = "unlock", id, imei = u.Imei, @lock = $"{id.Split('-')[0]}-5", reason = StoredName<UnlockReason>.Of(u.Reason), at = u.EffectiveAt },
        _ => throw new InvalidOperationException($"no record for {e.GetType().Name}"),
    };
}
