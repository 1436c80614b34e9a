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
        var postgres = new OwnPostgres(Path.Combine(folder.FullName, "data"), ServiceProcess.FreePort());
        await postgres.Run("start");
        return postgres;
    }

    public Task Stop() => Run("stop");

    public Task Restart() => Run("start");

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
    }

    private async Task Run(string command)
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
        if (process.ExitCode != 0) throw new InvalidOperationException($"ops/postgres {command} failed: {await errors}");
    }
}
