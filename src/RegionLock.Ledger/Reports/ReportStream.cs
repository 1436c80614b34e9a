namespace RegionLock.Ledger.Reports;

/// <summary>
/// A report as it is read: its columns, and its rows in order, each written and let go, so that writing it takes the
/// same memory for a quarter as for ten years. <see cref="ReportFile"/> is the same report held whole.
/// </summary>
public sealed record ReportStream(string Report, ReportRequest Request, IReadOnlyList<string> Header, IReadOnlyList<int> Key,
                                  IAsyncEnumerable<IReadOnlyList<object?>> Rows)
{
    public static ReportStream Of<TRow>(string report, ReportRequest request, IAsyncEnumerable<TRow> rows) =>
        new(report, request, ReportColumns<TRow>.Names, ReportColumns<TRow>.Key, rows.Select(ReportColumns<TRow>.Values));

    public static ReportStream Of(ReportFile file) =>
        new(file.Report, file.Request, file.Header, file.Key, file.Rows.ToAsyncEnumerable());

    public async Task<ReportFile> ToFile(CancellationToken cancellation) =>
        new(Report, Request, Header, await Rows.ToListAsync(cancellation)) { Key = Key };

    /// <summary>One pass over the rows, each written to every output in its format (a bundle's CSV and JSON at once).</summary>
    public async Task WriteTo(IReadOnlyList<(Stream Output, string Format)> outputs, CancellationToken cancellation)
    {
        var writers = outputs.Select(o => ReportWriter.Open(o.Output, o.Format, Report, Request, Header)).ToList();
        try
        {
            await foreach (var row in Rows.WithCancellation(cancellation))
                foreach (var writer in writers) writer.Row(row);
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
    }
}
