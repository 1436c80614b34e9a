using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// The rows of a report that changed between two exports, named by the report's key columns: each with a change
/// (added, removed, changed) and a position — in the later export for added and changed rows, in the earlier one for
/// removed rows. Rows that did not change keep their order, so applying a delta to the earlier rows gives the later
/// export byte for byte without knowing how the report sorts.
/// </summary>
public static class ReportDelta
{
    public const string Added = "added", Removed = "removed", Changed = "changed";
    public static readonly IReadOnlyList<string> Columns = ["change", "position"];

    public sealed record Counts(int Added, int Removed, int Changed);

    public static (ReportFile Delta, Counts Counts) Between(ReportFile earlier, ReportFile later)
    {
        if (!earlier.Header.SequenceEqual(later.Header))
            throw new DomainConflict("the earlier export has other columns than this report has now: take a full export");
        var before = Index(earlier.Rows.Select(Texts).ToList(), earlier.Key);
        var after = Index(later.Rows.Select(Texts).ToList(), later.Key);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var (_, (position, _)) in before.Where(b => !after.ContainsKey(b.Key)).OrderBy(b => b.Value.Position))
            rows.Add([Removed, position, .. earlier.Rows[position - 1]]);
        foreach (var (key, (position, row)) in after.OrderBy(a => a.Value.Position))
        {
            var change = !before.TryGetValue(key, out var was) ? Added : was.Row.SequenceEqual(row) ? null : Changed;
            if (change is not null) rows.Add([change, position, .. later.Rows[position - 1]]);
        }
        var delta = new ReportFile(later.Report, later.Request, [.. Columns, .. later.Header], rows)
        {
            Key = later.Key.Select(k => k + Columns.Count).ToList(),
        };
        int Count(string change) => rows.Count(r => (string)r[0]! == change);
        return (delta, new Counts(Count(Added), Count(Removed), Count(Changed)));
    }

    /// <summary>
    /// The later export's CSV from the earlier one's and the delta's: what an auditor does with a chain. A delta that
    /// does not fit the rows it is applied to is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static byte[] Apply(byte[] earlierCsv, byte[] deltaCsv, IReadOnlyList<string> keyColumns)
    {
        var earlier = Csv.Read(earlierCsv);
        var delta = Csv.Read(deltaCsv);
        var header = earlier[0];
        if (!delta[0].SequenceEqual([.. Columns, .. header])) throw new InvalidDataException("the delta's columns are not the export's");
        var key = keyColumns.Select(name => Array.IndexOf(header, name) is var i and >= 0 ? i
                                      : throw new InvalidDataException($"the key column {name} is not in the export")).ToList();

        var changes = delta.Skip(1).Select(r => (Change: r[0], Position: int.Parse(r[1]), Row: r[Columns.Count..])).ToList();
        var rows = Index(earlier.Skip(1).ToList(), key);
        var gone = changes.Where(c => c.Change is Removed or Changed).Select(c => KeyOf(c.Row, key)).ToHashSet();
        if (gone.FirstOrDefault(k => !rows.ContainsKey(k)) is { } missing)
            throw new InvalidDataException($"the delta removes or changes a row the earlier export does not hold ({missing})");
        var kept = new Queue<string[]>(earlier.Skip(1).Where(r => !gone.Contains(KeyOf(r, key))));
        var inserted = new Queue<(string Change, int Position, string[] Row)>(
            changes.Where(c => c.Change is Added or Changed).OrderBy(c => c.Position));
        var result = new List<IReadOnlyList<object?>>();
        while (kept.Count > 0 || inserted.Count > 0)
        {
            if (inserted.TryPeek(out var next) && next.Position == result.Count + 1) result.Add(inserted.Dequeue().Row);
            else if (kept.Count > 0) result.Add(kept.Dequeue());
            else throw new InvalidDataException($"the delta places a row at {next.Position}, beyond the export's end");
        }
        return Csv.Write(header, result);
    }

    private static string[] Texts(IReadOnlyList<object?> row) => row.Select(Csv.Format).ToArray();

    private static string KeyOf(string[] row, IReadOnlyList<int> key) => string.Join('\u001f', key.Select(i => row[i]));

    // Rows by key, with their 1-based position; a key two rows share cannot tell a change from a removal.
    private static Dictionary<string, (int Position, string[] Row)> Index(List<string[]> rows, IReadOnlyList<int> key)
    {
        var index = new Dictionary<string, (int, string[])>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!index.TryAdd(KeyOf(rows[i], key), (i + 1, rows[i])))
                throw new DomainConflict($"two rows of the report share the key {KeyOf(rows[i], key).Replace('\u001f', ',')}: take a full export");
        }
        return index;
    }
}
