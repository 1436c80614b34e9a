namespace RegionLock.Ledger.Reports;

/// <summary>A report's rows held whole, written as CSV or JSON with the same fields in the same order (<see cref="ReportStream"/> reads them one at a time).</summary>
public sealed record ReportFile(string Report, ReportRequest Request, IReadOnlyList<string> Header,
                                IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public static readonly IReadOnlySet<string> Formats = new HashSet<string> { "csv", "json" };

    /// <summary>The positions of the columns that name a row (<see cref="ReportColumns{TRow}.Key"/>).</summary>
    public IReadOnlyList<int> Key { get; init; } = [];

    /// <summary>A report of typed rows: the columns are the row type's (<see cref="ReportColumns{TRow}"/>).</summary>
    public static ReportFile Of<TRow>(string report, ReportRequest request, IEnumerable<TRow> rows) =>
        new(report, request, ReportColumns<TRow>.Names, rows.Select(ReportColumns<TRow>.Values).ToList())
        {
            Key = ReportColumns<TRow>.Key,
        };

    /// <summary>The asked-for format, csv when none is asked for; anything else is a 400.</summary>
    public static string Format(string? format) =>
        format is null ? "csv"
        : Formats.Contains(format) ? format
        : throw new BadHttpRequestException($"'format' must be one of: {string.Join(", ", Formats)}", 400);

    public byte[] Write(string format)
    {
        using var output = new MemoryStream();
        using (var writer = ReportWriter.Open(output, format, Report, Request, Header))
        {
            foreach (var row in Rows) writer.Row(row);
        }
        return output.ToArray();
    }

    public static string ContentType(string format) => format == "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8";

    public static string FileName(string report, ReportRequest request, string format) =>
        $"{report}_{request.From.UtcDateTime:yyyyMMdd}-{request.To.UtcDateTime:yyyyMMdd}{(request.Region is null ? "" : "_" + request.Region)}.{format}";
}
