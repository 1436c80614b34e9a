using System.ComponentModel.DataAnnotations;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Reports.EnforcementDecisions;

/// <summary>
/// enforcement-decisions: per region and UTC day of the period — observations made there while it was restricted,
/// and what was decided: locks placed, warnings given, warnings that lapsed, waivers by what spared the device, and
/// releases (unlocks). Observations, warnings and waivers count on the day of the observation; locks, lapses and
/// releases on the day they took effect. Days on which nothing happened are left out.
/// </summary>
public static class EnforcementDecisionsReport
{
    public const string Name = "enforcement-decisions";

    public sealed record Row([property: Key] string Region, [property: Key] string Day, int ObservationsWhileRestricted, int Locks, int Warnings,
                             int WarningsLapsed, int WaivedImei, int WaivedTac, int WaivedSalesMarket, int WaivedRoaming,
                             int Releases)
    {
        public static Row Of(string region, string day, int[] c) => new(region, day, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    }

    private static readonly Type[] Types =
    [
        typeof(DeviceObserved), typeof(DeviceLocked), typeof(DeviceWarned), typeof(DeviceWarningLapsed),
        typeof(EnforcementWaived), typeof(DeviceUnlocked),
    ];

    // The columns after Region and Day, in the order of Row.
    private const int Observations = 0, Locks = 1, Warnings = 2, Lapses = 3, Waivers = 4, Releases = 8, Columns = 9;

    public static async Task<ReportFile> Build(IQuerySession session, ReportRequest request, CancellationToken cancellation)
    {
        var policy = await ReportEvents.PolicyKnown(session, request, cancellation);
        var tally = new Dictionary<(string Region, string Day), int[]>();
        var lockRegions = new Dictionary<Guid, string>();

        void Count(string region, DateTimeOffset at, int column)
        {
            if (!request.Covers(at) || !request.Includes(region)) return;
            var key = (region, at.UtcDateTime.ToString("yyyy-MM-dd"));
            if (!tally.TryGetValue(key, out var counts)) tally[key] = counts = new int[Columns];
            counts[column]++;
        }

        await foreach (var e in ReportEvents.Read(session, request, Types, cancellation))
        {
            switch (e.Data)
            {
                case DeviceObserved observed when policy.At(observed.ObservedAt)
                        .Covering(RegionCatalogue.Shared.AndContaining(observed.Region)) is { } restriction:
                    Count(restriction.Region, observed.ObservedAt, Observations);
                    break;
                case DeviceLocked locked:
                    lockRegions[locked.LockId] = locked.Region;
                    Count(locked.Region, locked.EffectiveAt, Locks);
                    break;
                case DeviceWarned warned: Count(warned.Region, warned.ObservedAt, Warnings); break;
                case DeviceWarningLapsed lapsed: Count(lapsed.Region, lapsed.EffectiveAt, Lapses); break;
                // One column per basis, in WaiverBasis's order: imei, tac, sales_market, roaming.
                case EnforcementWaived waived: Count(waived.Region, waived.ObservedAt, Waivers + (int)waived.Basis); break;
                case DeviceUnlocked unlocked when lockRegions.TryGetValue(unlocked.LockId, out var region):
                    Count(region, unlocked.EffectiveAt, Releases);
                    break;
            }
        }
        var rows = tally.OrderBy(t => t.Key.Region, StringComparer.Ordinal).ThenBy(t => t.Key.Day, StringComparer.Ordinal)
            .Select(t => Row.Of(t.Key.Region, t.Key.Day, t.Value));
        return ReportFile.Of(Name, request, rows);
    }
}
