using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.WebConsole;

/// <summary>
/// The policy's history as spans of restriction per region, drawn as an SVG: each region a row, each span a bar from
/// the change that restricted it to the change that lifted it (or to the chart's end). Changes count in the order
/// <see cref="RestrictionPolicy.At"/> applies them: by effective instant, then version.
/// </summary>
public sealed record PolicyChart(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PolicyChart.Row> Rows)
{
    public sealed record Span(DateTimeOffset From, DateTimeOffset? To, int Version);

    public sealed record Row(string Region, IReadOnlyList<Span> Spans);

    public const int Width = 960, Label = 80, RowHeight = 26;

    public int Height => Rows.Count * RowHeight + 30;

    public static PolicyChart Of(IReadOnlyList<PolicyChange> changes, DateTimeOffset end)
    {
        var rows = changes.GroupBy(c => c.Region).OrderBy(g => g.Key, StringComparer.Ordinal).Select(region =>
        {
            var spans = new List<Span>();
            foreach (var change in region.OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Version))
            {
                var open = spans.Count > 0 && spans[^1].To is null;
                if (change.Restricts && !open) spans.Add(new Span(change.EffectiveFrom, null, change.Version));
                else if (!change.Restricts && open) spans[^1] = spans[^1] with { To = change.EffectiveFrom };
            }
            return new Row(region.Key, spans);
        }).Where(r => r.Spans.Count > 0).ToList();
        var from = changes.Count == 0 ? end : changes.Min(c => c.EffectiveFrom);
        var to = changes.Count == 0 ? end : new[] { end, changes.Max(c => c.EffectiveFrom) }.Max();
        return new PolicyChart(from, to == from ? from.AddDays(1) : to, rows);
    }

    /// <summary>The horizontal position of an instant, in the chart's units.</summary>
    public double X(DateTimeOffset instant) =>
        Label + (Width - Label - 10) * (instant - From).TotalSeconds / (To - From).TotalSeconds;
}
