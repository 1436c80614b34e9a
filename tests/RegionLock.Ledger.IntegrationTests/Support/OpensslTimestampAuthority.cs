using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// An RFC 3161 time-stamp authority made with `openssl ts` (a root certificate, a TSA certificate with the critical
/// timeStamping key purpose) behind a small HTTP wrapper on a loopback port: what the ledger asks, with no internet.
/// </summary>
public sealed class OpensslTimestampAuthority : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("regionlock-tsa-").FullName;
    private readonly SemaphoreSlim _one = new(1, 1);
    private WebApplication? _http;

    public Uri Url { get; } = new($"http://127.0.0.1:{ServiceProcess.FreePort()}/");
    public string RootCertificate => Path.Combine(_folder, "ca.pem");
    public string Certificate => Path.Combine(_folder, "tsa.pem");

    public static async Task<OpensslTimestampAuthority> Start()
    {
        var authority = new OpensslTimestampAuthority();
        await authority.MakeCertificates();
        await authority.Serve();
        return authority;
    }

    /// <summary>Runs openssl in the authority's folder; its exit code and what it wrote.</summary>
    public async Task<(int ExitCode, string Output)> OpenSsl(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private async Task MakeCertificates()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "tsa-ext.cnf"),
            "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = critical, timeStamping\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "serial"), "01\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "ts.cnf"),
            $"""
             [ tsa ]
             default_tsa = test_tsa
             [ test_tsa ]
             serial = {_folder}/serial
             crypto_device = builtin
             signer_cert = {_folder}/tsa.pem
             certs = {_folder}/tsa.pem
             signer_key = {_folder}/tsa.key
             signer_digest = sha256
             default_policy = 1.3.6.1.4.1.4146.2.3
             digests = sha256, sha384, sha512
             accuracy = secs:1
             ordering = yes
             tsa_name = yes
             ess_cert_id_chain = no
             ess_cert_id_alg = sha256
             """);
        foreach (var step in new[]
                 {
                     new[] { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                             "-out", "ca.pem", "-days", "3650", "-subj", "/CN=Test Time-Stamp Root",
                             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign" },
                     new[] { "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key",
                             "-out", "tsa.csr", "-subj", "/CN=Test Time-Stamp Authority" },
                     new[] { "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                             "-out", "tsa.pem", "-days", "3650", "-extfile", "tsa-ext.cnf" },
                 })
        {
            var (exitCode, output) = await OpenSsl(step);
            if (exitCode != 0) throw new InvalidOperationException($"openssl {step[0]}: {output}");
        }
    }

    /// <summary>POST a TimeStampReq, get `openssl ts -reply`'s TimeStampResp; one request at a time (one serial file).</summary>
    public async Task Serve()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url.ToString());
        builder.Logging.ClearProviders();
        _http = builder.Build();
        _http.MapPost("/", async (HttpRequest request) =>
        {
            await _one.WaitAsync();
            try
            {
                var name = Guid.NewGuid().ToString("N");
                await using (var query = File.Create(Path.Combine(_folder, $"{name}.tsq"))) await request.Body.CopyToAsync(query);
                var (exitCode, output) = await OpenSsl("ts", "-reply", "-config", "ts.cnf", "-queryfile", $"{name}.tsq", "-out", $"{name}.tsr");
                return exitCode == 0
                    ? Results.Bytes(await File.ReadAllBytesAsync(Path.Combine(_folder, $"{name}.tsr")), "application/timestamp-reply")
                    : Results.Text(output, statusCode: 500);
            }
            finally
            {
                _one.Release();
            }
        });
        await _http.StartAsync();
    }

    /// <summary>Stops answering (the port refuses connections) until <see cref="Serve"/> again.</summary>
    public async Task Stop()
    {
        if (_http is null) return;
        await _http.StopAsync();
        await _http.DisposeAsync();
        _http = null;
    }

    /// <summary>`openssl ts -verify` of a reply over some data: exit code 0 and "Verification: OK" when it holds.</summary>
    public async Task<(int ExitCode, string Output)> Verify(byte[] reply, byte[] data)
    {
        var name = Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(Path.Combine(_folder, $"{name}.reply"), reply);
        await File.WriteAllBytesAsync(Path.Combine(_folder, $"{name}.data"), data);
        return await OpenSsl("ts", "-verify", "-in", $"{name}.reply", "-data", $"{name}.data", "-CAfile", "ca.pem", "-untrusted", "tsa.pem");
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(_folder, recursive: true);
    }
}
