using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Marten;
using Npgsql;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// A ledger on a database of its own, served in this process on a loopback port exactly as ops/run serves it
/// (Kestrel, authentication, Marten, Wolverine, the async daemon), so that the driver can reach it through HTTP and
/// through its services directly.
/// </summary>
public sealed class BenchLedger : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchLedger(WebApplication app, string connectionString, Uri address, IReadOnlyDictionary<string, string?> settings)
    {
        _app = app;
        ConnectionString = connectionString;
        Address = address;
        Settings = settings;
    }

    public string ConnectionString { get; }
    public Uri Address { get; }

    /// <summary>The settings a service process needs to run on the same database with the same keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IServiceProvider Services => _app.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();
    public NpgsqlDataSource Database => Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<BenchLedger> Start(string server, string database, IEnumerable<(string Key, string Value)>? extra = null)
    {
        var connectionString = await Recreate(server, database);
        var settings = LocalKeys.Settings(connectionString);
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        // The load driver speaks for many clients: the per-principal limit is not what is measured here.
        settings["Limits:WritesPerSecondPerPrincipal"] = "10000000";
        settings["Limits:WriteBurstPerPrincipal"] = "10000000";
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLedger();
        var app = builder.Build();
        app.UseLedger();
        await app.StartAsync();
        return new BenchLedger(app, connectionString, address, settings);
    }

    /// <summary>A client with a token for one principal in these roles.</summary>
    public HttpClient Client(params string[] roles)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Address };
        var token = Services.GetRequiredService<TokenIssuer>().Mint("bench", roles, TimeSpan.FromHours(4));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until the hash chain covers every event (the async daemon extends it).</summary>
    public async Task ChainCaughtUp(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await Services.GetRequiredService<Integrity.ChainStore>().Unchained(CancellationToken.None) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the hash chain did not catch up");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<string> Recreate(string server, string database)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { $"drop database if exists {database} with (force)", $"create database {database}" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 200 }.ConnectionString;
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
