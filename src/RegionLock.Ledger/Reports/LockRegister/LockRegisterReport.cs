using System.ComponentModel.DataAnnotations;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Reports.LockRegister;

/// <summary>
/// lock-register: one row per lock placed in the period — imei, region, locked at, policy version, legal basis,
/// reason, investigation, unlocked at, unlock reason, days locked (to the unlock, the end of the period or the
/// as-known-at instant, whichever comes first).
/// Streamed from the lock records placed in the period (<see cref="LockInterval.PlacedIn"/>), which keep when each lock
/// and unlock was recorded so that "as known at" an instant stays exact.
/// </summary>
public static class LockRegisterReport
{
    public const string Name = "lock-register";

    public sealed record Row([property: Key] string Imei, [property: Key] string Region,
                             [property: Key] DateTimeOffset LockedAt, int PolicyVersion, string? LegalBasis,
                             string Reason, Guid? InvestigationId, DateTimeOffset? UnlockedAt, string? UnlockReason,
                             decimal DaysLocked);

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation) =>
        await (await Stream(session, request, cancellation)).ToFile(cancellation);

    /// <summary>The rows as the lock records give them, in order: one lock in memory at a time, however long the period.</summary>
    public static async Task<ReportStream> Stream(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var policy = await ReportEvents.PolicyKnown(session, request, cancellation);
        return ReportStream.Of(Name, request, LockInterval.PlacedIn(session, request, cancellation)
            .Where(l => InReport(l, request)).Select(l => RowOf(l, policy, request)));
    }

    /// <summary>The report from the locks known at its instant, whatever they were read from, sorted here.</summary>
    public static ReportFile Of(IEnumerable<LockInterval> locks, RestrictionPolicy policy, ReportRequest request)
    {
        var rows = locks
            .Where(l => InReport(l, request))
            .OrderBy(l => l.Locked.EffectiveAt).ThenBy(l => l.Locked.Imei, StringComparer.Ordinal).ThenBy(l => l.Locked.LockId)
            .Select(l => RowOf(l, policy, request));
        return ReportFile.Of(Name, request, rows);
    }

    private static bool InReport(LockInterval l, ReportRequest request) =>
        request.Covers(l.Locked.EffectiveAt) && request.Includes(l.Locked.Region);

    private static Row RowOf(LockInterval l, RestrictionPolicy policy, ReportRequest request)
    {
        var locked = l.Locked;
        var restriction = policy.AsOfVersion(locked.PolicyVersion).At(locked.EffectiveAt)
            .Covering(RegionCatalogue.Shared.AndContaining(locked.Region));
        // Days locked within the period, as far as the ledger knew: to the unlock, the period's end or the as-known-at.
        var end = new[] { l.Unlocked?.EffectiveAt ?? DateTimeOffset.MaxValue, request.To, request.AsKnownAt }.Min();
        return new Row(locked.Imei, locked.Region, locked.EffectiveAt, locked.PolicyVersion, restriction?.LegalBasis, locked.Reason,
                       locked.InvestigationId, l.Unlocked?.EffectiveAt, l.Unlocked is { } unlocked ? StoredName<UnlockReason>.Of(unlocked.Reason) : null,
                       Math.Round((decimal)(end - locked.EffectiveAt).TotalDays, 2));
    }
}
