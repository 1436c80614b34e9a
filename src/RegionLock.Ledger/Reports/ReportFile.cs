using System.Text.Json;

namespace RegionLock.Ledger.Reports;

/// <summary>A report's rows, written as CSV or JSON with the same fields in the same order.</summary>
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

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public byte[] Write(string format) => format == "json" ? WriteJson() : Csv.Write(Header, Rows);

    public string ContentType(string format) => format == "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8";

    public string FileName(string format) =>
        $"{Report}_{Request.From.UtcDateTime:yyyyMMdd}-{Request.To.UtcDateTime:yyyyMMdd}{(Request.Region is null ? "" : "_" + Request.Region)}.{format}";

    private byte[] WriteJson()
    {
        var document = new Dictionary<string, object?>
        {
            ["report"] = Report,
            ["from"] = Csv.Instant(Request.From),
            ["to"] = Csv.Instant(Request.To),
            ["region"] = Request.Region,
            ["asKnownAt"] = Csv.Instant(Request.AsKnownAt),
            ["rows"] = Rows.Select(row => Header.Zip(row).ToDictionary(f => f.First, f => JsonValue(f.Second))).ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }

    // Numbers stay numbers; instants are written as in the CSV.
    private static object? JsonValue(object? value) => value is DateTimeOffset instant ? Csv.Instant(instant) : value;
}
