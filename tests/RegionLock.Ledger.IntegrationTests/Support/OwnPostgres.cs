using System.Diagnostics;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// A PostgreSQL cluster of a test's own, started with the project's ops/postgres on a free port, so that a test can
/// stop and start it without touching the server every other test runs on.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _data;
    private readonly int _port;

    private OwnPostgres(string data, int port)
    {
        _data = data;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=ledger;Timeout=3";

    /// <summary>The standby's own (after <see cref="StartStandby"/>): read-only until it is promoted.</summary>
    public string StandbyConnectionString => $"Host=127.0.0.1;Port={_port + 1};Username=postgres;Database=ledger;Timeout=3";

    /// <summary>Both servers, as a service names them: whichever of them accepts writes (ops/postgres standby pair-url).</summary>
    public string PairConnectionString =>
        $"Host=127.0.0.1:{_port},127.0.0.1:{_port + 1};Target Session Attributes=read-write;Host Recheck Seconds=2;" +
        "Username=postgres;Database=ledger;Timeout=3";

    /// <summary>What ops/postgres and ops/backup are told to select this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LEDGER_PG_DATA"] = _data, ["LEDGER_PG_PORT"] = _port.ToString(), ["LEDGER_PG_FSYNC"] = "off",
    };

    public static async Task<OwnPostgres> Start()
    {
        var folder = Directory.CreateTempSubdirectory("regionlock-ledger-pg-");
        // The server runs as the postgres user where the tests run as root: it must reach its data folder.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder.FullName, (UnixFileMode)0b111_101_101);
        // The standby, if any, listens on the next port.
        var postgres = new OwnPostgres(Path.Combine(folder.FullName, "data"), ServiceProcess.FreePairOfPorts());
        await postgres.Run("start");
        return postgres;
    }

    public Task Stop() => Run("stop");

    public Task Restart() => Run("start");

    /// <summary>A synchronous standby (remote_apply) of this cluster, on the next port.</summary>
    public Task StartStandby() => Run("standby", "start");

    public Task Promote() => Run("standby", "promote");

    /// <summary>The primary lost as a machine is: every process of the cluster killed at once with SIGKILL.</summary>
    public void KillPrimary()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_data, "postmaster.pid")).First());
        var processes = Process.GetProcesses().Where(p => p.Id == postmaster || ParentOf(p.Id) == postmaster).ToList();
        foreach (var process in processes) process.Kill();
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, the closing parenthesis ends it.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
    }

    private async Task Run(params string[] command)
    {
        var start = new ProcessStartInfo(Path.Combine(Tool.RepositoryRoot(), "ops", "postgres"), command)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0) throw new InvalidOperationException($"ops/postgres {string.Join(' ', command)} failed: {await errors}");
    }
}
