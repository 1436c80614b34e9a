using System.Net;
using System.Text.Json;
using Alba;
using JasperFx.CommandLine;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Integrity.Log;
using Wolverine;
using Wolverine.Tracking;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// One running service on a real PostgreSQL database of its own, shared by the tests of a collection (they run one
/// at a time). Collections run side by side, each on its own database.
/// </summary>
public class LedgerFixture : IAsyncLifetime
{
    private readonly string _database;

    public LedgerFixture() : this("ledger_tests")
    {
    }

    protected LedgerFixture(string database) => _database = database;

    public IAlbaHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public virtual async Task InitializeAsync()
    {
        await Start(await TestDatabase.EnsureCreated(_database));
        await TestDatabase.Wipe(Host, ConnectionString);
    }

    /// <summary>The service on a database as it stands (a restored one): nothing is wiped.</summary>
    protected async Task Start(string connectionString)
    {
        ConnectionString = connectionString;
        Host = await StartService(ConnectionString, ConfigureServices, Settings(ConnectionString).ToArray());
        Client = Host.ClientAs();
    }

    /// <summary>Settings of this fixture's service on top of the tests' own.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings(string connectionString) => [];

    /// <summary>Services of this fixture's own in place of the service's (a clock a test moves).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// The service, in process, on a database: as ops/run starts it, with the schema made on the fly, and any
    /// <paramref name="settings"/> on top.
    /// </summary>
    public static Task<IAlbaHost> StartService(string connectionString, params (string Key, string Value)[] settings) =>
        StartService(connectionString, null, settings);

    public static Task<IAlbaHost> StartService(string connectionString, Action<IServiceCollection>? services,
                                               params (string Key, string Value)[] settings)
    {
        JasperFxEnvironment.AutoStartHost = true;
        // Keys of its own for every service the tests start: services started side by side never race to create one.
        var keys = Directory.CreateTempSubdirectory("regionlock-ledger-keys-").FullName;
        return AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:Ledger", connectionString);
            web.UseSetting("Integrity:SigningKeyFile", Path.Combine(keys, "checkpoint-signing.pem"));
            web.UseSetting("Integrity:SealKeyFile", Path.Combine(keys, "event-seal.key"));
            web.UseSetting("Integrity:LogKeyFile", Path.Combine(keys, "log-signing.pem"));
            // Tests wipe their ledgers after the service starts: keys are recorded when they first sign.
            web.UseSetting("Integrity:RecordKeysAtStart", "false");
            web.UseSetting("Exports:SigningKeyFile", Path.Combine(keys, "export-signing.pem"));
            web.UseSetting("Auth:SigningKeyFile", Path.Combine(keys, "token-signing.pem"));
            web.UseSetting("PersonalData:ErasureListFile", Path.Combine(keys, "erasures.list"));
            // Tests sign checkpoints when they want one.
            web.UseSetting("Integrity:CheckpointSeconds", "3600");
            // The tests of a fixture write as one principal, as fast as the machine runs them: no rate limit of a
            // pipeline applies to the suite. LimitTests proves the limit on services of their own.
            web.UseSetting("Limits:WritesPerSecondPerPrincipal", "1000000");
            web.UseSetting("Limits:WriteBurstPerPrincipal", "1000000");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            if (services is not null) web.ConfigureTestServices(services);
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Runs a request and waits until every message it caused (enforcement, bulk unlocks) is handled.</summary>
    public async Task<HttpResponseMessage> Settled(Func<HttpClient, Task<HttpResponseMessage>> request)
    {
        HttpResponseMessage? response = null;
        await Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((IMessageContext _) => Task.Run(async () => response = await request(Client)));
        return response!;
    }

    /// <summary>Sends a request that must be refused with a problem document and must append nothing anywhere.</summary>
    public async Task<JsonElement> Refuses(HttpStatusCode status, Func<Task<HttpResponseMessage>> request)
    {
        var before = await CountEvents();
        var problem = await (await request()).Problem(status);
        Assert.Equal(before, await CountEvents());
        return problem;
    }

    /// <summary>Posts a body that must be refused with a 400 naming the field, appending nothing.</summary>
    public async Task RefusesInvalid(string url, string body, string field)
    {
        var problem = await Refuses(HttpStatusCode.BadRequest, () => Client.PostRaw(url, body));
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    /// <summary>Waits until the chain covers every event (the daemon runs a few seconds behind appends).</summary>
    public Task ChainCaughtUp() =>
        Eventually.Until(async () => await Host.Services.GetRequiredService<ChainStore>().Unchained(CancellationToken.None) == 0,
                         "the chain catching up with the events", 60);

    /// <summary>
    /// Signs a checkpoint over every event. The first one of a ledger records the checkpoint and log keys in the key
    /// history (two events), which the checkpoint then covers too.
    /// </summary>
    public async Task<Checkpoint?> SignCheckpoint()
    {
        var keys = Host.Services.GetRequiredService<KeyHistory>();
        await keys.EnsureRecorded(Host.Services.GetRequiredService<ISigningKeys>().Required(SigningKeyKind.Checkpoint), CancellationToken.None);
        await keys.EnsureRecorded(Host.Services.GetRequiredService<LogSigner>().Current.Signing, CancellationToken.None);
        await ChainCaughtUp();
        return await Host.Services.GetRequiredService<Checkpointing>().CreateAsync(CancellationToken.None);
    }

    /// <summary>Signs a checkpoint over every event and publishes it (the witness quorum, if any, must cosign it).</summary>
    public async Task<SignedCheckpoint?> Publish()
    {
        await SignCheckpoint();
        return await Host.Services.GetRequiredService<Publication>().PublishAsync(CancellationToken.None);
    }

    public Task<VerificationReport> Verify(long? fromCheckpoint = null) =>
        Host.Services.GetRequiredService<Verification>().RunAsync(fromCheckpoint, null, CancellationToken.None);

    /// <summary>The sequences of the events of the ledger (not Marten's tombstones), in order.</summary>
    public async Task<List<long>> Sequences()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select seq_id from {RegionLock.Ledger.Infrastructure.LedgerSchema.EventTable} where type <> 'tombstone' order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return sequences;
    }

    /// <summary>Runs SQL as the database superuser would: triggers off, straight at the tables.</summary>
    public async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task<long> Scalar(string sql) => TestDatabase.Scalar(ConnectionString, sql);

    /// <summary>Every event in the ledger, to prove that a refused request appended nothing anywhere.</summary>
    public Task<long> CountEvents() => TestDatabase.CountEvents(ConnectionString);
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger";
}
