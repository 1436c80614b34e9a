using System.ComponentModel.DataAnnotations;
using CsCheck;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Infrastructure.Problems;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Tests.Exports;

/// <summary>A delta applied to the earlier export's CSV gives the later export's CSV byte for byte, whatever changed.</summary>
public sealed class ReportDeltaTests
{
    public sealed record Row([property: Key] string Region, [property: Key] int Day, string? Note, decimal Amount);

    private static readonly ReportRequest Request = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), null,
                                                        DateTimeOffset.UnixEpoch.AddDays(2));

    // Notes that CSV must quote; amounts that a change may move a row by (the report sorts by amount first).
    private static readonly Gen<Row> Rows = Gen.Select(Gen.OneOf("IR", "KP", "CU", "SY"), Gen.Int[1, 12],
        Gen.OneOf<string?>(null, "", "plain", "a, comma", "a \"quote\"", "two\r\nlines", "ИРАН"), Gen.Int[0, 3].Select(n => (decimal)n),
        (region, day, note, amount) => new Row(region, day, note, amount));

    private static readonly Gen<List<Row>> Reports = Rows.List[0, 30].Select(rows =>
        rows.DistinctBy(r => (r.Region, r.Day)).OrderBy(r => r.Amount).ThenBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Day).ToList());

    private static ReportFile File(IEnumerable<Row> rows) => ReportFile.Of("test", Request, rows);

    [Fact]
    public void applying_the_delta_to_the_earlier_csv_gives_the_later_csv() =>
        Gen.Select(Reports, Reports).Sample((earlier, later) =>
        {
            var (delta, counts) = ReportDelta.Between(File(earlier), File(later));
            var applied = ReportDelta.Apply(File(earlier).Write("csv"), delta.Write("csv"), ["region", "day"]);

            Assert.Equal(File(later).Write("csv"), applied);
            Assert.Equal(delta.Rows.Count, counts.Added + counts.Removed + counts.Changed);
            Assert.Equal(later.Count, earlier.Count + counts.Added - counts.Removed);
        });

    [Fact]
    public void a_delta_names_each_change_with_its_position()
    {
        var earlier = new[] { new Row("IR", 1, null, 1), new Row("KP", 2, null, 2), new Row("CU", 3, null, 3) };
        var later = new[] { new Row("IR", 1, "appealed", 1), new Row("CU", 3, null, 3), new Row("SY", 4, null, 4) };

        var (delta, counts) = ReportDelta.Between(File(earlier), File(later));

        Assert.Equal(new ReportDelta.Counts(1, 1, 1), counts);
        Assert.Equal(["change", "position", "region", "day", "note", "amount"], delta.Header);
        Assert.Equal("change,position,region,day,note,amount\r\nremoved,2,KP,2,,2\r\nchanged,1,IR,1,appealed,1\r\nadded,3,SY,4,,4\r\n",
                     System.Text.Encoding.UTF8.GetString(delta.Write("csv")));
    }

    [Fact]
    public void rows_that_share_a_key_cannot_be_compared() =>
        Assert.Throws<DomainConflict>(() => ReportDelta.Between(File([new Row("IR", 1, "a", 1), new Row("IR", 1, "b", 2)]), File([])));

    [Fact]
    public void a_delta_applied_to_another_export_is_refused()
    {
        var (delta, _) = ReportDelta.Between(File([new Row("IR", 1, null, 1)]), File([new Row("IR", 1, "changed", 1)]));

        Assert.Throws<InvalidDataException>(() => ReportDelta.Apply(File([new Row("KP", 2, null, 1)]).Write("csv"), delta.Write("csv"), ["region", "day"]));
    }

    [Fact]
    public void csv_reads_back_what_it_wrote() =>
        Gen.String[0, 12].Array[1, 4].List[1, 6].Sample(rows =>
        {
            var width = rows[0].Length;
            var table = rows.Select(r => Enumerable.Range(0, width).Select(i => i < r.Length ? r[i] : "").ToArray()).ToList();
            var written = Csv.Write(table[0], table.Skip(1).Select(r => (IReadOnlyList<object?>)r));

            var read = Csv.Read(written);

            Assert.Equal(table.Count, read.Count);
            for (var i = 0; i < table.Count; i++) Assert.Equal(table[i], read[i]);
        });
}
