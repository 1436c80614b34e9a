namespace RegionLock.Ledger.Benchmarks;

/// <summary>One measured figure, side by side with the reference it is judged against (measured in the same run).</summary>
public sealed record Figure(string Section, string Case, double Value, string Unit, string? Reference = null,
                            double? ReferenceValue = null, string? Target = null, bool? Met = null)
{
    public double? Ratio => ReferenceValue is > 0 ? Value / ReferenceValue : null;
}

/// <summary>Latencies of a run, in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];

    public void Add(TimeSpan elapsed)
    {
        lock (_samples) _samples.Add(elapsed.TotalMilliseconds);
    }

    public int Count => _samples.Count;

    public double Percentile(double p)
    {
        var sorted = _samples.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
