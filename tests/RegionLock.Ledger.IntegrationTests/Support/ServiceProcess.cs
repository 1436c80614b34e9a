using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// The service as a process of its own, as ops/run starts it: for what an in-process host cannot show (a command
/// line, a process killed with SIGKILL).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Uri? _address;

    private ServiceProcess(Process process, Uri? address)
    {
        _process = process;
        _address = address;
    }

    public Uri Address => _address ?? throw new InvalidOperationException("a command of the service, not the service");

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a command of the service without waiting for its end: for a test that stops it half-way.</summary>
    public static ServiceProcess Launch(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var process = Process.Start(Describe(settings, args))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, null);
    }

    /// <summary>A client of the process with a token that its `token` command minted.</summary>
    public async Task<HttpClient> ClientAs(IReadOnlyDictionary<string, string?> settings, string role)
    {
        var (exitCode, token, errors) = await Run(settings, "token", "--role", role, "--subject", "officer");
        Assert.True(exitCode == 0, errors);
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.Trim());
        return client;
    }

    /// <summary>Runs a command of the service to its end: its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> Run(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var process = Process.Start(Describe(settings, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Starts the service on a free loopback port and waits until it answers.</summary>
    public static async Task<ServiceProcess> Serve(IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = Describe(new Dictionary<string, string?>(settings) { ["ASPNETCORE_URLS"] = address.ToString() }, []);
        var service = new ServiceProcess(Process.Start(start)!, address);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !service._process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return service;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        await service.DisposeAsync();
        throw new InvalidOperationException("the service process did not start");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, nothing the process could do about it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static ProcessStartInfo Describe(IReadOnlyDictionary<string, string?> settings, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RegionLock.Ledger.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings) start.Environment[name.Replace(":", "__")] = value;
        return start;
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free port whose next one is free too (a primary and its standby).</summary>
    public static int FreePairOfPorts()
    {
        while (true)
        {
            var port = FreePort();
            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: another pair
            }
        }
    }
}
