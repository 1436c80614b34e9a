using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Writes docs/benchmarks.md: the machine, the date, the command, and every figure beside its reference. The
/// hand-written reading of the figures below <see cref="KeptMarker"/> is kept from the previous file.
/// </summary>
public static class Report
{
    public const string KeptMarker = "<!-- Everything below this line is kept when ops/bench rewrites the figures above. -->";

    public static async Task Write(string file, string command, string machine, IReadOnlyList<Figure> figures,
                                   IReadOnlyList<string> micro)
    {
        var kept = File.Exists(file) && (await File.ReadAllTextAsync(file)).Split(KeptMarker) is [_, var rest] ? rest : "\n";
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine($"Produced by `{command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {machine}.");
        text.AppendLine("Each figure is measured in the same run as its reference, so that the ratio holds on a noisy machine;");
        text.AppendLine("PostgreSQL runs on the same two cores as the service and the load driver.").AppendLine();
        foreach (var section in figures.GroupBy(f => f.Section).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"## {section.Key}").AppendLine();
            text.AppendLine("| case | figure | reference | ratio | target | met |");
            text.AppendLine("| --- | ---: | --- | ---: | --- | --- |");
            foreach (var f in section)
            {
                var reference = f.Reference is null ? "" : $"{f.Reference}: {Number(f.ReferenceValue!.Value)} {f.Unit}";
                var ratio = f.Ratio is { } r ? $"{r:P0}" : "";
                var met = f.Met switch { true => "yes", false => "**no**", null => "" };
                text.AppendLine($"| {f.Case} | {Number(f.Value)} {f.Unit} | {reference} | {ratio} | {f.Target} | {met} |");
            }
            text.AppendLine();
        }
        text.AppendLine("## Micro: the hashing of verification (BenchmarkDotNet, in process)").AppendLine();
        foreach (var line in micro) text.AppendLine(line);
        text.AppendLine().AppendLine(KeptMarker);
        await File.WriteAllTextAsync(file, text.ToString().TrimEnd('\n') + kept.TrimEnd('\n') + "\n");
    }

    public static string Machine(string postgresVersion)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024 / 1024
            : 0;
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory} GiB, " +
               $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {postgresVersion}";
    }

    private static string Number(double value) =>
        value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);
}
