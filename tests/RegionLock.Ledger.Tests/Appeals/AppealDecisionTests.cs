using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Appeals.Deciding;
using RegionLock.Ledger.Appeals.Filing;
using RegionLock.Ledger.Appeals.Withdrawing;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure.Problems;

namespace RegionLock.Ledger.Tests.Appeals;

public class AppealDecisionTests
{
    private const string Imei = "490154203237518";
    private static readonly DateTimeOffset T = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid LockId = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid AppealId = Guid.Parse("00000000-0000-0000-0000-0000000000a1");

    private static readonly Device Locked = Device.Create(new DeviceRegistered(Imei, "Phone 12", "AE", T))
        .Apply(new DeviceLocked(Imei, LockId, "SY", "r", 6, null, T));

    private static readonly FileAppeal Filing_ = new(Imei, LockId, "bought abroad", "owner@example.org");

    private static Appeal Filed() => Appeal.Create(Filing.Decide(Locked, Filing_, null, AppealId, T.AddDays(1)));

    [Fact]
    public void filing_names_the_region_of_the_contested_lock() =>
        Assert.Equal(new AppealFiled(AppealId, Imei, LockId, "SY", "bought abroad", "owner@example.org", T),
                     Filing.Decide(Locked, Filing_, null, AppealId, T));

    [Fact]
    public void an_appeal_needs_an_active_lock_and_no_other_open_appeal()
    {
        Assert.Throws<DomainConflict>(() => Filing.Decide(Locked, Filing_ with { LockId = Guid.NewGuid() }, null, AppealId, T));
        Assert.Throws<DomainConflict>(() => Filing.Decide(Locked, Filing_, Filed(), AppealId, T));
    }

    [Fact]
    public void granting_unlocks_the_contested_lock_naming_the_appeal()
    {
        var (decided, unlock) = Deciding.Decide(Filed(), Locked, new DecideAppeal("granted", "receipts"), T.AddDays(5));

        Assert.Equal(new AppealDecided(AppealId, AppealOutcome.Granted, "receipts", T.AddDays(5)), decided);
        Assert.Equal(new DeviceUnlocked(Imei, LockId, UnlockReason.AppealGranted, AppealId, null, T.AddDays(5)), unlock);
    }

    [Fact]
    public void denying_leaves_the_lock() =>
        Assert.Null(Deciding.Decide(Filed(), Locked, new DecideAppeal("denied", "no evidence"), T).Unlock);

    [Fact]
    public void granting_after_the_lock_was_lifted_otherwise_unlocks_nothing()
    {
        var lifted = Locked.Apply(new DeviceUnlocked(Imei, LockId, UnlockReason.InvestigationClosed, null, null, T.AddDays(2)));

        Assert.Null(Deciding.Decide(Filed(), lifted, new DecideAppeal("granted", "r"), T.AddDays(3)).Unlock);
    }

    [Fact]
    public void a_closed_appeal_is_neither_decided_nor_withdrawn_again()
    {
        var denied = Filed().Apply(new AppealDecided(AppealId, AppealOutcome.Denied, "r", T.AddDays(2)));

        Assert.Throws<DomainConflict>(() => Deciding.Decide(denied, Locked, new DecideAppeal("granted", "r"), T));
        Assert.Throws<DomainConflict>(() => Withdrawing.Decide(denied, new WithdrawAppeal("r"), T));
    }
}
