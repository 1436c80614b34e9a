using System.Globalization;
using System.Text;

namespace RegionLock.Ledger.Reports;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, a header row, fields quoted when they hold a comma, a quote, CR or LF, quotes
/// doubled; UTF-8 without a byte-order mark; instants as ISO 8601 UTC to the second. Hand-written because no served
/// CSV library is needed for twenty lines, and the exact bytes matter: regulators' files must not change between runs.
/// </summary>
public static class Csv
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var output = new MemoryStream();
        using (var writer = ReportWriter.OpenCsv(output, header))
        {
            foreach (var row in rows) writer.Row(row);
        }
        return output.ToArray();
    }

    /// <summary>The rows of an RFC 4180 file, header first, each field unquoted: what an auditor's tool reads.</summary>
    public static List<string[]> Read(byte[] file)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file);
        var (rows, fields, field) = (new List<string[]>(), new List<string>(), new StringBuilder());
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                // A quoted field runs to the quote not doubled.
                for (i++; i < text.Length && !(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')); i++)
                    field.Append(text[i] == '"' ? text[++i] : text[i]);
                continue;
            }
            if (c == ',') (fields, field) = (Add(fields, field), new StringBuilder());
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                rows.Add(Add(fields, field).ToArray());
                (fields, field, i) = (new List<string>(), new StringBuilder(), i + 1);
            }
            else field.Append(c);
        }
        if (fields.Count > 0 || field.Length > 0) throw new InvalidDataException("the file does not end with CRLF");
        return rows;
    }

    private static List<string> Add(List<string> fields, StringBuilder field)
    {
        fields.Add(field.ToString());
        return fields;
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset instant => Instant(instant),
        decimal number => number.ToString("0.##", CultureInfo.InvariantCulture),
        double number => number.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One record: its fields, quoted where they must be, and CRLF.</summary>
    public static string Line(IReadOnlyList<string> fields)
    {
        var text = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0) text.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            else text.Append(field);
        }
        return text.Append("\r\n").ToString();
    }
}
