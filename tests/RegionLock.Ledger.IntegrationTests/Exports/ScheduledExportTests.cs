using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Exports;

/// <summary>
/// Scheduled exports run as durable scheduled messages: a run that fell due while the service was down happens once
/// when it is back — its bundle in the exports folder, its disclosure recorded — and the next one is scheduled.
/// </summary>
[Trait("speed", "slow")]
public sealed class ScheduledExportTests
{
    [Fact]
    public async Task a_run_missed_while_the_service_was_down_happens_once_after_the_restart()
    {
        var connection = await TestDatabase.EnsureCreated("ledger_schedule_tests");
        var folder = Directory.CreateTempSubdirectory("regionlock-scheduled-exports-").FullName;
        // One set of keys for both services: the second must accept the events the first sealed.
        (string, string)[] settings =
        [
            ("Exports:Folder", folder),
            .. LocalKeys.Settings(connection).Where(s => s.Key.Contains("KeyFile")).Select(s => (s.Key, s.Value!)),
        ];
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(8);
        string schedule;
        await using (var first = await LedgerFixture.StartService(connection, settings))
        {
            await TestDatabase.Wipe(first, connection);
            await ReportScenario.Seed(first.Services.GetRequiredService<Marten.IDocumentStore>());
            var made = await (await first.ClientAs().Post("/api/exports/schedules", new
            {
                report = "lock-register", dayOfMonth = 3, firstRunAt = dueAt, from = "2021-01-01", delta = true,
                recipient = "telecom regulator", purpose = "monthly lock list",
            })).Read<JsonElement>(HttpStatusCode.Created);
            schedule = made.GetProperty("scheduleId").GetString()!;
        }
        while (DateTimeOffset.UtcNow < dueAt.AddSeconds(2)) await Task.Delay(500);
        Assert.False(Directory.Exists(Path.Combine(folder, schedule)), "the run happened while the service was down");

        await using var second = await LedgerFixture.StartService(connection, settings);
        var client = second.ClientAs();
        await Eventually.Until(async () => (await Schedule(client, schedule)).GetProperty("runs").GetInt32() == 1, "the missed run", 90);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var ran = await Schedule(client, schedule);
        Assert.Equal(1, ran.GetProperty("runs").GetInt32());
        var next = ran.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal((3, 0, TimeSpan.Zero), (next.Day, next.Hour, next.Offset));
        Assert.True(next > dueAt && next <= dueAt.AddDays(31));
        var bundle = Assert.Single(Directory.GetFiles(Path.Combine(folder, schedule)));
        var disclosure = Assert.Single((await (await client.GetAsync("/api/disclosures")).Read<JsonElement>())
            .GetProperty("disclosures").EnumerateArray());
        Assert.Equal(schedule, disclosure.GetProperty("scheduleId").GetString());
        Assert.Equal(("telecom regulator", $"export-schedule:{schedule}"),
                     (disclosure.GetProperty("recipient").GetString(), disclosure.GetProperty("principal").GetString()));
        // As known at the due instant, not the late run's: the file is what an on-time run would have written.
        Assert.Equal(dueAt, disclosure.GetProperty("request").GetProperty("asKnownAt").GetDateTimeOffset());
        var reproduced = await ExportApi.Bundle(await client.PostAsync($"/api/disclosures/{disclosure.GetProperty("id").GetString()}/reproduction", null));
        Assert.Equal(await File.ReadAllBytesAsync(bundle), reproduced.Zip);
    }

    private static async Task<JsonElement> Schedule(HttpClient client, string id) =>
        await (await client.GetAsync($"/api/exports/schedules/{id}")).Read<JsonElement>();
}
