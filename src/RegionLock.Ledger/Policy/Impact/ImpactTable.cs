using System.Globalization;
using System.Text;

namespace RegionLock.Ledger.Policy.Impact;

/// <summary>An impact analysis as plain text tables for a terminal.</summary>
public static class ImpactTable
{
    public static string Write(ImpactAnalysis a)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{a.Change.ToString().ToLowerInvariant()} {a.Region} from {a.EffectiveFrom:O}"));
        text.AppendLine(Invariant($"computed at {a.ComputedAt:O} over the ledger up to event {a.AtSequence} (policy version {a.PolicyVersion})"));
        text.AppendLine();
        if (a.Change == PolicyChangeKind.Lift)
        {
            Table(text, ["", "devices"], [["locks a release would lift", N(a.Releases)], ["held by investigations", N(a.LockedInInvestigations)]]);
        }
        else
        {
            Table(text, ["", "devices"],
            [
                ["seen in the region", N(a.ObservedDevices)], ["latest sighting there", N(a.InRegion)],
                ["already locked there", N(a.AlreadyLocked)], ["would lock now", N(a.WouldLockNow)],
                ["would lock at effect", N(a.WouldLockAtEffect)],
                ["travellers: sold elsewhere", N(a.Travellers.SoldElsewhere)], ["travellers: roaming only", N(a.Travellers.RoamingOnly)],
                ["travellers: seen elsewhere since", N(a.Travellers.SeenElsewhereSince)], ["travellers: any sign", N(a.Travellers.Any)],
            ]);
            Table(text, ["spared by", "value", "until", "now", "at effect"],
                  a.Spared.Select(s => new[] { StoredName<Devices.Enforcing.WaiverBasis>.Of(s.Basis), s.Value ?? "", s.Until?.ToString("O") ?? "", N(s.Now), N(s.AtEffect) }));
            foreach (var (title, lines) in new[] { ("sales market", a.BySalesMarket), ("signal", a.BySignal), ("last seen there", a.ByRecency) })
                Table(text, [title, "devices", "lock now", "lock at effect"],
                      lines.Select(l => new[] { l.Key, N(l.Devices), N(l.WouldLockNow), N(l.WouldLockAtEffect) }));
        }
        text.AppendLine("sample: " + (a.Sample.Count == 0 ? "none" : string.Join(' ', a.Sample)));
        return text.ToString();
    }

    private static void Table(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        text.AppendLine();
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
