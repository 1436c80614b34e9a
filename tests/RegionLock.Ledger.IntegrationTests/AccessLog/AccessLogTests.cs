using System.Net;
using System.Text.Json;
using Alba;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.AccessLog;

/// <summary>Reads of personal data and device histories in the access log: who, in which role, what, when, why.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class AccessLogTests(IntegrityFixture ledger) : IAsyncLifetime
{
    public Task InitializeAsync() => ledger.Reset();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<JsonElement>> Entries()
    {
        var page = await (await ledger.Host.ClientAs("auditor@test", "auditor").GetAsync("/api/access-log")).Read<JsonElement>();
        return page.GetProperty("entries").EnumerateArray().ToList();
    }

    private static string Of(JsonElement entry) =>
        $"{entry.GetProperty("kind").GetString()} {entry.GetProperty("target").GetString()} {entry.GetProperty("principal").GetString()} " +
        $"{entry.GetProperty("role").GetString()} {(entry.GetProperty("purpose").ValueKind == JsonValueKind.Null ? "-" : entry.GetProperty("purpose").GetString())}";

    [Fact]
    public async Task each_read_of_a_device_its_history_an_appeal_a_report_and_an_export_is_one_entry_with_its_purpose()
    {
        var devices = new DeviceApi(ledger.Client);
        var imei = await devices.Register();
        var locked = await devices.Lock(imei, "IR", "seen in Iran");
        var appeal = await new CaseApi(ledger.Client).FileAppeal(imei, locked.LockId);
        var support = ledger.Host.ClientAs("agent@test", "support");
        support.DefaultRequestHeaders.Add("Access-Purpose", "owner called about the lock");
        var compliance = ledger.Host.ClientAs("officer@test", "compliance");

        var first = await support.GetAsync($"/api/devices/{imei}");
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/devices/{imei}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/appeals/{appeal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/api/devices/{TestImei.Next()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await compliance.GetAsync("/api/reports/lock-register?from=2021-01-01&to=2031-01-01")).StatusCode);
        await ledger.ChainCaughtUp(); // an export waits for the chain to cover what it exports
        var export = await compliance.Post("/api/exports", new { report = "locks-by-region", from = "2021-01-01", to = "2022-01-01", recipient = "Regulator", purpose = "supervision" });
        Assert.True(export.StatusCode == HttpStatusCode.OK, await export.Content.ReadAsStringAsync());

        var entries = (await Entries()).Select(Of).ToList();
        Assert.Equal(
        [
            $"device {imei} agent@test support owner called about the lock",
            $"device_history {imei} agent@test support owner called about the lock",
            $"appeal {appeal} agent@test support owner called about the lock",
            "report /api/reports/lock-register?from=2021-01-01&to=2031-01-01 officer@test compliance -",
            "export /api/exports officer@test compliance -",
        ], entries);
    }

    [Fact]
    public async Task the_access_log_is_part_of_the_record_that_verification_covers_and_only_auditors_read_it()
    {
        var imei = await new DeviceApi(ledger.Client).Register();
        await ledger.Host.ClientAs("agent@test", "support").GetAsync($"/api/devices/{imei}");

        Assert.Equal(1, await ledger.Scalar("select count(*) from ledger.mt_events where type = 'data_accessed'"));
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        Assert.True((await ledger.Verify()).Intact);
        Assert.Equal(HttpStatusCode.Forbidden, (await ledger.Host.ClientAs("agent@test", "support").GetAsync("/api/access-log")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ledger.Host.ClientAs("officer@test", "compliance").GetAsync("/api/access-log")).StatusCode);
    }

    [Fact]
    public async Task the_log_is_read_a_page_at_a_time_oldest_first_each_entry_once()
    {
        var imei = await new DeviceApi(ledger.Client).Register();
        var support = ledger.Host.ClientAs("agent@test", "support");
        const int reads = KeysetPage.Size + 20;
        for (var i = 0; i < reads; i++) (await support.GetAsync($"/api/devices/{imei}")).EnsureSuccessStatusCode();

        var auditor = ledger.Host.ClientAs("auditor@test", "auditor");
        var pages = new List<List<JsonElement>>();
        for (string? after = null; pages.Count == 0 || after is not null;)
        {
            var page = await (await auditor.GetAsync($"/api/access-log{(after is null ? "" : $"?after={after}")}")).Read<JsonElement>();
            pages.Add(page.GetProperty("entries").EnumerateArray().ToList());
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }

        Assert.Equal([KeysetPage.Size, 20], pages.Select(p => p.Count));
        var ids = pages.SelectMany(p => p).Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(reads, ids.Distinct().Count());
        Assert.Equal(ids.Order(), ids);
    }
}
