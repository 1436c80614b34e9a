using System.Diagnostics;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// CPU time spent by this process (the service and the load driver) and by PostgreSQL's processes (read from /proc)
/// over a measurement: where a command's cost goes when both share two cores.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly TimeSpan _service = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double _postgres = PostgresSeconds();

    public (double ServiceSeconds, double PostgresSeconds) Elapsed() =>
        ((Process.GetCurrentProcess().TotalProcessorTime - _service).TotalSeconds, PostgresSeconds() - _postgres);

    private static double PostgresSeconds()
    {
        double ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (name != "postgres") continue;
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11]) + double.Parse(fields[12]); // utime, stime
            }
            catch (IOException)
            {
                // the process ended while it was read
            }
        }
        return ticks / TicksPerSecond;
    }
}
