using System.Diagnostics;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// A witness as an outside party runs it (`ops/run witness`): a process of its own with its own key and state file,
/// knowing the ledger only by its verifier key. Shared with the benchmarks.
/// </summary>
public sealed class WitnessProcess : IAsyncDisposable
{
    private Process _process = null!;

    private WitnessProcess(string name, string folder, string logVkey)
    {
        Name = name;
        KeyFile = Path.Combine(folder, $"{name.Replace('/', '-')}.pem");
        StateFile = Path.Combine(folder, $"{name.Replace('/', '-')}.state.json");
        LogVkey = logVkey;
        using var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        Url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)port.LocalEndpoint).Port}/");
    }

    public string Name { get; }
    public string KeyFile { get; }
    public string StateFile { get; }
    public string LogVkey { get; }
    public Uri Url { get; }
    public string Vkey { get; private set; } = "";

    /// <summary>The refusals it kept as evidence of a misbehaving log, one JSON document per line.</summary>
    public string[] Evidence => File.Exists(StateFile + ".evidence.jsonl") ? File.ReadAllLines(StateFile + ".evidence.jsonl") : [];

    public static async Task<WitnessProcess> Start(string name, string folder, string logVkey)
    {
        var witness = new WitnessProcess(name, folder, logVkey);
        await witness.Start();
        return witness;
    }

    /// <summary>Starts (again) on the same key, state and port; ready once it says it listens.</summary>
    public async Task Start()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "RegionLock.Witness.dll"), "--key", KeyFile,
                                    "--state", StateFile, "--log-vkey", LogVkey, "--listen", Url.Authority, "--name", Name })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        _process.ErrorDataReceived += (_, line) => errors.AppendLine(line.Data);
        _process.BeginErrorReadLine();
        Vkey = (await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!;
        var listening = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (listening is null) await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (listening?.Contains("listening") != true)
            throw new InvalidOperationException($"the witness {Name} did not start: {listening} {errors}");
    }

    public void Stop()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
