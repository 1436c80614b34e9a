using System.Globalization;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.PersonalData;

/// <summary>
/// Every erasure, appended to a file kept outside the database (a line: the instant, a space, the subject) before the
/// erasure commits; replayed when the service starts (<see cref="ErasureReplay"/>). A line whose erasure then failed to
/// commit still erases at the next start: for personal data, the safe direction.
/// </summary>
public sealed class ErasureList(IOptions<PersonalDataSettings> options, IHostEnvironment environment)
{
    private static readonly Lock Writing = new();

    public string File { get; } = options.Value.ErasureListFile ?? Path.Combine(environment.ContentRootPath, ".data", "keys", "erasures.list");

    public void Record(string subject, DateTimeOffset at)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        lock (Writing)
        {
            using var stream = new FileStream(File, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"{at.UtcDateTime:O} {subject}\n"));
            stream.Flush(flushToDisk: true);
        }
    }

    public IEnumerable<(string Subject, DateTimeOffset At)> Read() =>
        !System.IO.File.Exists(File) ? [] : System.IO.File.ReadLines(File).Where(line => line.Length > 0).Select(line =>
        {
            var space = line.IndexOf(' ');
            return (line[(space + 1)..], DateTimeOffset.Parse(line[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        });
}
