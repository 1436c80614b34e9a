using System.Diagnostics;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>A command-line tool, run as an auditor would run it.</summary>
public static class Tool
{
    public static (int Exit, string Output) Run(string tool, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, $"{tool} not found");
        }
    }

    /// <summary>The repository's top folder: where the solution file is, above the test's binaries.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RegionLock.Ledger.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("RegionLock.Ledger.sln not found above the tests");
    }
}
