namespace RegionLock.Ledger.Reports;

public static class Percentile
{
    /// <summary>The nearest-rank percentile: the value at rank ceil(p/100 × n) of the sorted values; none for none.</summary>
    public static decimal? NearestRank(IReadOnlyList<decimal> sorted, int percentile) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(percentile / 100m * sorted.Count) - 1];
}
