using Marten;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// A fixed scenario for the reports: fixed devices, ids and business times, appended straight through Marten
/// (the setting of the report tests, not their subject), so that the reports' files can be compared byte for byte.
/// </summary>
public static class ReportScenario
{
    public static readonly DateTimeOffset T = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    public const string Period = "from=2021-09-01T00:00:00Z&to=2021-12-01T00:00:00Z";
    public static readonly Guid Investigation = Id(900);

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    public static string Imei(int n)
    {
        var payload = $"35693803{n:D6}";
        return payload + Ledger.Devices.Imei.CheckDigit(payload);
    }

    public static async Task Seed(IDocumentStore store)
    {
        await using var session = store.LightweightSession();
        session.Events.Append(RestrictionPolicy.StreamKey,
            new RegionRestricted("IR", "15 CFR 746.7", "sanctions", T, 1),
            new RegionRestricted("UA-43", "EO 13685", "sanctions", T, 2),
            new RegionRestricted("KP", "15 CFR 746.4", "sanctions", T, 3),
            new RegionRestrictionLifted("KP", "general licence 2021-1", "eased", T.AddDays(60), 4));
        session.Events.StartStream<Investigation>(Investigation.ToString(),
            new InvestigationOpened(Investigation, "September 2021 activations", ["IR", "KP"], T));
        Lifecycle(session, 1, "IR", T.AddHours(6), 41.5, UnlockReason.InvestigationClosed, Investigation);
        Lifecycle(session, 2, "UA-43", T.AddDays(2), 3, UnlockReason.AppealGranted, null);
        Lifecycle(session, 3, "KP", T.AddDays(5), null, null, null);
        Lifecycle(session, 4, "IR", T.AddDays(-30), 1, UnlockReason.ErrorCorrection, null); // before the period
        Lifecycle(session, 5, "AE", T.AddDays(20), 2, UnlockReason.ErrorCorrection, null); // no restriction there
        Lifecycle(session, 6, "IR", T.AddDays(1), 40.75, UnlockReason.InvestigationClosed, Investigation);
        Lifecycle(session, 7, "KP", T.AddDays(3), null, null, Investigation);
        Appeal(session, 802, 2, "UA-43", T.AddDays(2.5), new AppealDecided(Id(802), AppealOutcome.Granted, "receipts", T.AddDays(5)));
        Appeal(session, 803, 3, "KP", T.AddDays(6), new AppealDecided(Id(803), AppealOutcome.Denied, "no evidence", T.AddDays(16)));
        Appeal(session, 807, 7, "KP", T.AddDays(10), new AppealWithdrawn(Id(807), "owner left", T.AddDays(12)));
        Appeal(session, 801, 1, "IR", T.AddDays(20), null);
        await session.SaveChangesAsync();
    }

    private static void Appeal(IDocumentSession session, int n, int device, string region, DateTimeOffset filedAt,
                               object? outcome)
    {
        var filed = new AppealFiled(Id(n), Imei(device), Id(device), region, "bought abroad", "pd:v1:none:erased", filedAt);
        session.Events.StartStream<Appeal>(Id(n).ToString(), outcome is null ? [filed] : [filed, outcome]);
    }

    public static void Lifecycle(IDocumentSession session, int n, string region, DateTimeOffset lockedAt,
                                  double? unlockedAfterDays, UnlockReason? reason, Guid? investigation)
    {
        var imei = Imei(n);
        var events = new List<object>
        {
            new DeviceRegistered(imei, "Phone 12", "AE", lockedAt.AddDays(-100)),
            new DeviceLocked(imei, Id(n), region, n == 5 ? "customer complaint, \"suspected\" misuse" : "restricted_region",
                             3, investigation, lockedAt),
        };
        if (unlockedAfterDays is { } days)
            events.Add(new DeviceUnlocked(imei, Id(n), reason!.Value, null, investigation, lockedAt.AddDays(days)));
        session.Events.StartStream<Device>(imei, events.ToArray());
    }
}
