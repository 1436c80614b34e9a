using System.Diagnostics;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 6: a command of the service run as a process of its own (as an operator runs it), its peak resident memory
/// (VmHWM, sampled from /proc until it exits) and its duration.
/// </summary>
public static class PeakMemory
{
    public static async Task<(double PeakMiB, double Seconds)> Run(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_gcServer"] = "0" },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RegionLock.Ledger.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in settings) start.Environment[name.Replace(":", "__")] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, HighWaterMark(process.Id));
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', args)} failed: {await output}{await errors}");
        return (peak / 1024.0 / 1024.0, clock.Elapsed.TotalSeconds);
    }

    // VmHWM: the peak resident set of the process so far, in kB.
    private static long HighWaterMark(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0; // exited between the check and the read
        }
    }
}
