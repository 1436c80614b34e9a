using System.Net;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Investigations;
using Wolverine.Marten;
using Xunit.Abstractions;

namespace RegionLock.Ledger.IntegrationTests.Investigations;

/// <summary>
/// An investigation that locked 2,000 devices, closed with unlock_all: every device unlocked exactly once, also when
/// the service is stopped half-way and started again. Runs on a database of its own, starting its own services.
/// </summary>
[Trait(Speed.Trait, Speed.Slow)]
public sealed class BulkUnlockTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Devices = 2000;
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestDatabase.EnsureCreated("ledger_bulk_tests");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task closing_with_unlock_all_unlocks_2000_devices_exactly_once()
    {
        await using var service = await FreshService();
        var investigation = await SeedLockedDevices(service);

        await Close(service.ClientAs(), investigation);
        await WaitUntilUnlocked(investigation, Devices, TimeSpan.FromSeconds(120));

        await AssertEachDeviceUnlockedOnce(service, investigation);
    }

    [Fact]
    public async Task a_bulk_unlock_interrupted_by_a_stop_finishes_after_a_restart_without_a_duplicate()
    {
        Guid investigation;
        long atStop;
        await using (var first = await FreshService())
        {
            investigation = await SeedLockedDevices(first);
            await Close(first.ClientAs(), investigation);
            await WaitUntilUnlocked(investigation, Devices / 10, TimeSpan.FromSeconds(60));
            await first.StopAsync();
            atStop = await CountUnlocks(investigation);
        }
        await AssertARestartFinishes(investigation, "stopped", atStop, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task a_bulk_unlock_killed_with_sigkill_finishes_after_a_restart_exactly_once()
    {
        Guid investigation;
        await using (var seeding = await FreshService()) investigation = await SeedLockedDevices(seeding);
        var settings = LocalKeys.Settings(_connectionString);

        long atKill;
        await using (var process = await ServiceProcess.Serve(settings))
        {
            using var client = await process.ClientAs(settings, "compliance");
            await Close(client, investigation);
            await WaitUntilUnlocked(investigation, Devices / 10, TimeSpan.FromSeconds(60));
            process.Kill();
            atKill = await CountUnlocks(investigation);
        }
        await AssertARestartFinishes(investigation, "killed", atKill, TimeSpan.FromSeconds(180));
    }

    /// <summary>The unlock was interrupted half-way; a service started afresh finishes it, each device once.</summary>
    private async Task AssertARestartFinishes(Guid investigation, string interruption, long unlockedThen, TimeSpan timeout)
    {
        output.WriteLine($"{interruption} with {unlockedThen} of {Devices} unlocked");
        Assert.InRange(unlockedThen, 1, Devices - 1);

        await using var restarted = await LedgerFixture.StartService(_connectionString);
        await WaitUntilUnlocked(investigation, Devices, timeout);

        await AssertEachDeviceUnlockedOnce(restarted, investigation);
    }

    private async Task<IAlbaHost> FreshService()
    {
        var service = await LedgerFixture.StartService(_connectionString);
        await TestDatabase.Wipe(service, _connectionString);
        return service;
    }

    /// <summary>Registers and locks the devices straight through Marten: the setting, not the subject, of the test.</summary>
    private static async Task<Guid> SeedLockedDevices(IAlbaHost service)
    {
        var client = service.ClientAs();
        var investigation = (await (await client.Post("/api/investigations",
                new { title = "September 2021 activations", regions = new[] { "IR" } }))
            .Read<InvestigationWritten>(HttpStatusCode.Created)).InvestigationId;

        var store = service.Services.GetRequiredService<IDocumentStore>();
        var now = DateTimeOffset.UtcNow;
        foreach (var batch in Enumerable.Range(0, Devices).Chunk(500))
        {
            await using var session = store.LightweightSession();
            foreach (var _ in batch)
            {
                var imei = TestImei.Next();
                session.Events.StartStream<Device>(imei,
                    new DeviceRegistered(imei, "Phone 12", "AE", now),
                    new DeviceLocked(imei, Guid.CreateVersion7(), "IR", "temporarily, pending an investigation", 0,
                                     investigation, now));
            }
            await session.SaveChangesAsync();
        }
        return investigation;
    }

    private static async Task Close(HttpClient client, Guid investigation) =>
        await (await client.Post($"/api/investigations/{investigation}/close",
            new { outcome = InvestigationOutcome.UnlockAll, findings = "grey-market imports, no diversion" }))
            .Read<InvestigationWritten>(HttpStatusCode.Accepted);

    private async Task WaitUntilUnlocked(Guid investigation, int atLeast, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long unlocked;
        while ((unlocked = await CountUnlocks(investigation)) < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {unlocked} of {atLeast} unlocked after {timeout}");
            await Task.Delay(25);
        }
    }

    private async Task AssertEachDeviceUnlockedOnce(IAlbaHost service, Guid investigation)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would show here
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            $"""
             select count(*), count(distinct data->>'lockId'), count(distinct stream_id)
             from {LedgerSchema.EventTable}
             where type = 'device_unlocked' and data->>'investigationId' = $1
             """, connection) { Parameters = { new() { Value = investigation.ToString() } } };
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((Devices, Devices, Devices), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));

        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(0, await session.Query<Device>().CountAsync(d => d.ActiveLocks.Any(l => l.InvestigationId == investigation)));
    }

    private async Task<long> CountUnlocks(Guid investigation)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            $"select count(*) from {LedgerSchema.EventTable} where type = 'device_unlocked' and data->>'investigationId' = $1",
            connection) { Parameters = { new() { Value = investigation.ToString() } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
