using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Exports;

/// <summary>A schedule that could not run as asked is a 400 naming why, and nothing is recorded.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ExportScheduleInputTests(LedgerFixture ledger)
{
    private static string Body(int day, string? from = null, string firstRunAt = "2100-01-05T00:00:00Z") => JsonSerializer.Serialize(new
    {
        report = "lock-register", dayOfMonth = day, firstRunAt, from, delta = false, recipient = "regulator", purpose = "monthly list",
    }, JsonSerializerOptions.Web);

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    [InlineData(31)]
    [InlineData(-1)]
    public Task a_day_not_every_month_has_is_refused(int day) =>
        ledger.RefusesInvalid("/api/exports/schedules", Body(day), "dayOfMonth");

    [Fact]
    public async Task a_period_starting_after_the_first_run_is_refused() =>
        Assert.Contains("'from' must be before the first run", (await ledger.Refuses(HttpStatusCode.BadRequest,
            () => ledger.Client.PostRaw("/api/exports/schedules", Body(5, "2100-02-01T00:00:00Z")))).GetProperty("detail").GetString());

    [Fact]
    public Task an_unknown_report_is_refused() =>
        ledger.RefusesInvalid("/api/exports/schedules", Body(5).Replace("lock-register", "everything"), "report");

    [Fact]
    public async Task a_schedule_is_listed_and_cancelled_once()
    {
        var made = await (await ledger.Client.PostRaw("/api/exports/schedules", Body(5))).Read<JsonElement>(HttpStatusCode.Created);
        var id = made.GetProperty("scheduleId").GetString();
        Assert.Equal(new DateTimeOffset(2100, 1, 5, 0, 0, 0, TimeSpan.Zero), made.GetProperty("nextRunAt").GetDateTimeOffset());

        await (await ledger.Client.Post($"/api/exports/schedules/{id}/cancellation", new { reason = "the regulator stopped asking" })).Read<JsonElement>();

        var schedule = await (await ledger.Client.GetAsync($"/api/exports/schedules/{id}")).Read<JsonElement>();
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("nextRunAt").ValueKind);
        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post($"/api/exports/schedules/{id}/cancellation", new { reason = "again" }));
    }
}
