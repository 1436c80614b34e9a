using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Imports;

namespace RegionLock.Ledger.Tests.Imports;

/// <summary>A device's imported lines: all or nothing, once, and only a history the ledger can hold.</summary>
public sealed class DeviceImportTests
{
    private const string Imei = "356938035643809";
    private static readonly DateTimeOffset At = new(2020, 2, 10, 6, 0, 0, TimeSpan.Zero);
    private static readonly LedgerHolds Nothing = new(false, new Dictionary<Guid, string>(), new HashSet<Guid>(), new HashSet<string>());

    private static ImportLine Line(int number, ImportRecord record) => new(number, record);

    private static readonly ImportLine[] Locked =
    [
        Line(1, new ImportRecord(ImportRecord.Registration, "r1", Imei, At, Model: "Phone 11", SalesMarket: "AE")),
        Line(2, new ImportRecord(ImportRecord.Locked, "l1", Imei, At.AddDays(1), Region: "IR", Reason: "restricted_region", PolicyVersion: 1)),
        Line(3, new ImportRecord(ImportRecord.AppealFiled, "a1", Imei, At.AddDays(2), Lock: "l1", Grounds: "bought abroad", Contact: "o@example.org")),
        Line(4, new ImportRecord(ImportRecord.AppealDecided, "d1", Imei, At.AddDays(3), Appeal: "a1", Outcome: "granted", Rationale: "receipt")),
        Line(5, new ImportRecord(ImportRecord.Unlocked, "u1", Imei, At.AddDays(3), Lock: "l1", Reason: "appeal_granted")),
    ];

    [Fact]
    public void a_devices_history_becomes_its_events_with_ids_derived_from_the_records()
    {
        var decision = DeviceImport.Decide("qldb", Locked, Nothing);

        Assert.Empty(decision.Rejections);
        var lockId = DeviceImport.IdOf("qldb", "l1");
        var appeal = DeviceImport.IdOf("qldb", "a1");
        Assert.Equal([typeof(DeviceRegistered), typeof(DeviceLocked), typeof(AppealFiled), typeof(AppealDecided), typeof(DeviceUnlocked)],
                     decision.Events.Select(e => e.Data.GetType()));
        Assert.Equal(lockId, ((DeviceUnlocked)decision.Events[4].Data).LockId);
        Assert.Equal(("IR", lockId), (((AppealFiled)decision.Events[2].Data).Region, ((AppealFiled)decision.Events[2].Data).LockId));
        Assert.Equal([null, null, appeal, appeal, null], decision.Events.Select(e => e.Appeal));
        Assert.Equal(lockId, DeviceImport.IdOf("qldb", "l1"));
        Assert.NotEqual(lockId, DeviceImport.IdOf("spreadsheet", "l1"));
    }

    [Fact]
    public void lines_the_ledger_already_holds_are_skipped()
    {
        var decision = DeviceImport.Decide("qldb", Locked, Nothing with { ImportedIds = new HashSet<string> { "r1", "l1", "a1", "d1", "u1" } });

        Assert.Equal((0, 5, 0), (decision.Events.Count, decision.Skipped, decision.Rejections.Count));
    }

    [Fact]
    public void one_refused_line_refuses_every_line_of_the_device()
    {
        ImportLine[] lines = [.. Locked[..2], Line(6, new ImportRecord(ImportRecord.Unlocked, "u2", Imei, At.AddDays(4), Lock: "nowhere", Reason: "error_correction"))];

        var decision = DeviceImport.Decide("qldb", lines, Nothing);

        Assert.Empty(decision.Events);
        Assert.Equal([1, 2, 6], decision.Rejections.Select(r => r.Line));
        Assert.Contains("lock nowhere is not an active lock", decision.Rejections[2].Reason);
        Assert.Contains("line 6", decision.Rejections[0].Reason);
    }

    [Fact]
    public void a_device_must_be_registered_once_before_anything_else()
    {
        Assert.Contains("is not registered", DeviceImport.Decide("qldb", Locked[1..2], Nothing).Rejections[0].Reason);
        Assert.Contains("already registered", DeviceImport.Decide("qldb", Locked[..1], Nothing with { Registered = true }).Rejections[0].Reason);
        Assert.Empty(DeviceImport.Decide("qldb", Locked[1..2], Nothing with { Registered = true }).Rejections);
    }

    [Fact]
    public void an_id_twice_in_the_file_is_refused()
    {
        ImportLine[] lines = [Locked[0], Line(9, Locked[1].Record), Line(10, Locked[1].Record)];

        Assert.Contains("id l1 is on line 9 too", DeviceImport.Decide("qldb", lines, Nothing).Rejections.Single(r => r.Line == 10).Reason);
    }

    [Fact]
    public void an_unlock_of_a_lock_imported_earlier_finds_it_in_the_ledger()
    {
        var ledger = Nothing with
        {
            Registered = true, ActiveLocks = new Dictionary<Guid, string> { [DeviceImport.IdOf("qldb", "l1")] = "IR" },
        };

        Assert.Empty(DeviceImport.Decide("qldb", [Locked[4]], ledger).Rejections);
    }
}
