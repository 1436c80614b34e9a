using System.Text;
using System.Text.Json;

namespace RegionLock.Ledger.Reports;

/// <summary>Writes a report to a stream one row at a time, as CSV or JSON: nothing but the current row is held.</summary>
public abstract class ReportWriter : IDisposable
{
    public static ReportWriter Open(Stream output, string format, string report, ReportRequest request, IReadOnlyList<string> header) =>
        format == "json" ? new JsonWriter(output, report, request, header) : OpenCsv(output, header);

    public static ReportWriter OpenCsv(Stream output, IReadOnlyList<string> header) => new CsvWriter(output, header);

    public abstract void Row(IReadOnlyList<object?> values);

    /// <summary>Ends the file (JSON's closing brackets) and flushes it to the stream.</summary>
    public abstract void Dispose();

    private sealed class CsvWriter : ReportWriter
    {
        private readonly StreamWriter _text;

        public CsvWriter(Stream output, IReadOnlyList<string> header)
        {
            _text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            _text.Write(Csv.Line(header));
        }

        public override void Row(IReadOnlyList<object?> values) => _text.Write(Csv.Line(values.Select(Csv.Format).ToList()));

        public override void Dispose() => _text.Dispose();
    }

    // The same bytes JsonSerializer gives for the whole document: the same writer options, each value serialized alike.
    private sealed class JsonWriter : ReportWriter
    {
        private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
        private readonly Utf8JsonWriter _json;
        private readonly IReadOnlyList<string> _header;

        public JsonWriter(Stream output, string report, ReportRequest request, IReadOnlyList<string> header)
        {
            _header = header;
            _json = new Utf8JsonWriter(output, new JsonWriterOptions
            {
                Indented = Options.WriteIndented, IndentCharacter = Options.IndentCharacter, IndentSize = Options.IndentSize,
                NewLine = Options.NewLine, Encoder = Options.Encoder,
            });
            _json.WriteStartObject();
            _json.WriteString("report", report);
            _json.WriteString("from", Csv.Instant(request.From));
            _json.WriteString("to", Csv.Instant(request.To));
            if (request.Region is null) _json.WriteNull("region");
            else _json.WriteString("region", request.Region);
            _json.WriteString("asKnownAt", Csv.Instant(request.AsKnownAt));
            _json.WriteStartArray("rows");
        }

        public override void Row(IReadOnlyList<object?> values)
        {
            _json.WriteStartObject();
            for (var i = 0; i < _header.Count; i++)
            {
                _json.WritePropertyName(_header[i]);
                // Numbers stay numbers; instants are written as in the CSV.
                JsonSerializer.Serialize(_json, values[i] is DateTimeOffset instant ? Csv.Instant(instant) : values[i], Options);
            }
            _json.WriteEndObject();
            if (_json.BytesPending > 16_384) _json.Flush();
        }

        public override void Dispose()
        {
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Dispose();
        }
    }
}
