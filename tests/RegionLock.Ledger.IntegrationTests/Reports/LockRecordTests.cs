using CsCheck;
using Marten;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Reports;
using RegionLock.Ledger.Reports.LockRegister;
using RegionLock.Ledger.Reports.LocksByRegion;
using RegionLock.Ledger.Reports.UnlockLatency;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>
/// The reports read from the lock records give, byte for byte, what the fold of every lock and unlock gives: over
/// generated histories (locks and unlocks with business times before, inside and after the period, recorded in
/// several batches), now and as known at the instants between the batches.
/// </summary>
public sealed class LockRecordTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Quarter = new(2021, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Regions = ["IR", "CU", "UA-43", "KP"];
    private static readonly Guid Investigation = Guid.Parse("00000000-0000-0000-0000-00000000beef");
    private readonly ConfiguredLedger _ledger = new("ledger_lock_record_tests", []);

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    [Fact]
    public async Task reports_from_the_lock_records_equal_the_fold_of_every_event_now_and_as_known_earlier() =>
        await Gen.Int[1, int.MaxValue].SampleAsync(Check, iter: 6, threads: 1);

    private async Task Check(int seed)
    {
        await TestDatabase.Wipe(_ledger.Host, _ledger.ConnectionString);
        var random = new Random(seed);
        await using (var session = _ledger.Store.LightweightSession())
        {
            session.Events.StartStream<Investigation>(Investigation.ToString(),
                new InvestigationOpened(Investigation, "generated", Regions, Quarter.AddDays(-200)));
            await session.SaveChangesAsync();
        }
        var imeis = Enumerable.Range(0, 25).Select(_ => TestImei.Next()).ToList();
        await using (var session = _ledger.Store.LightweightSession())
        {
            foreach (var imei in imeis)
                session.Events.StartStream<Device>(imei, new DeviceRegistered(imei, "Phone 12", "AE", Quarter.AddDays(-400)));
            await session.SaveChangesAsync();
        }

        var open = new List<(string Imei, Guid LockId, DateTimeOffset At, Guid? Investigation)>();
        var instants = new List<DateTimeOffset>();
        for (var batch = 0; batch < 4; batch++)
        {
            await using (var session = _ledger.Store.LightweightSession())
            {
                for (var n = 0; n < 12; n++)
                {
                    // Business times from half a year before the quarter to a month after it.
                    var at = Quarter.AddHours(random.Next(-24 * 180, 24 * 120));
                    if (open.Count > 0 && random.Next(3) == 0)
                    {
                        var held = open[random.Next(open.Count)];
                        open.Remove(held);
                        var unlockedAt = held.At.AddHours(random.Next(1, 24 * 90));
                        session.Events.Append(held.Imei, new DeviceUnlocked(held.Imei, held.LockId,
                            held.Investigation is null ? UnlockReason.ErrorCorrection : UnlockReason.InvestigationClosed, null, held.Investigation, unlockedAt));
                    }
                    else
                    {
                        // A quarter of the locks take effect with the last one, half of those on its device: the
                        // register's order by IMEI, then lock id, in the database as in memory.
                        var tie = open.Count > 0 && random.Next(4) == 0 ? open[^1] : default;
                        var imei = tie.Imei is not null && random.Next(2) == 0 ? tie.Imei : imeis[random.Next(imeis.Count)];
                        if (tie.Imei is not null) at = tie.At;
                        var lockId = Guid.NewGuid();
                        Guid? investigation = random.Next(2) == 0 ? Investigation : null;
                        session.Events.Append(imei, new DeviceLocked(imei, lockId, Regions[random.Next(Regions.Length)], "generated", 1, investigation, at));
                        open.Add((imei, lockId, at, investigation));
                    }
                }
                await session.SaveChangesAsync();
            }
            instants.Add(DateTimeOffset.UtcNow);
            await Task.Delay(5);
        }

        foreach (var knownAt in instants.Prepend(instants[0].AddSeconds(-30)))
        {
            foreach (var region in new string?[] { null, "UA" })
            {
                var request = new ReportRequest(Quarter, Quarter.AddMonths(3), region, knownAt);
                await using var session = _ledger.Store.QuerySession();
                var fold = await LockIntervalFold.Read(session, request);
                var records = await LockInterval.Read(session, request, CancellationToken.None);
                var policy = await ReportEvents.PolicyKnown(session, request, CancellationToken.None);
                var titles = new Dictionary<Guid, string> { [Investigation] = "generated" };
                foreach (var (name, fromFold, fromRecords) in new[]
                         {
                             // The lock register as it streams: the lock records' rows in the database's order.
                             ("lock-register", LockRegisterReport.Of(fold, policy, request),
                              await LockRegisterReport.Build(session, request, CancellationToken.None)),
                             ("locks-by-region", LocksByRegionReport.Of(fold, request), LocksByRegionReport.Of(records, request)),
                             ("unlock-latency", UnlockLatencyReport.Of(fold, titles, request), UnlockLatencyReport.Of(records, titles, request)),
                         })
                {
                    foreach (var format in new[] { "csv", "json" })
                        Assert.True(fromFold.Write(format).SequenceEqual(fromRecords.Write(format)),
                                    $"seed {seed}: {name} ({format}, region {region ?? "all"}) as known at {knownAt:O} differs");
                }
            }
        }
    }
}
