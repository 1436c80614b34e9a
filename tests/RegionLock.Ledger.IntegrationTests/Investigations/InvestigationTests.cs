using System.Net;
using RegionLock.Ledger.Devices.Reading;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Investigations;

[Collection(IncidentCollection.Name)]
public sealed class InvestigationTests(IncidentFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);
    private readonly CaseApi _cases = new(ledger.Client);

    private async Task<string> LockedUnder(Guid investigationId, string region = "IR")
    {
        var imei = await _devices.Register();
        await (await ledger.Client.Post($"/api/devices/{imei}/locks",
            new { region, reason = "temporarily, pending an investigation", investigationId })).Read<object>(HttpStatusCode.Created);
        return imei;
    }

    private Task<HttpResponseMessage> Close(Guid id, string outcome) =>
        ledger.Settled(client => client.Post($"/api/investigations/{id}/close", new { outcome, findings = "grey-market imports" }));

    [Fact]
    public async Task closing_with_unlock_all_unlocks_every_device_locked_under_it()
    {
        var id = await _cases.OpenInvestigation("IR", "SY");
        var devices = new[] { await LockedUnder(id, "IR"), await LockedUnder(id, "SY"), await LockedUnder(id, "IR") };
        var unrelated = await _devices.Register();
        await _devices.Lock(unrelated, "IR");

        await (await Close(id, "unlock_all")).Read<object>(HttpStatusCode.Accepted);

        foreach (var imei in devices) Assert.Equal(DeviceState.Usable, (await _devices.State(imei)).Status);
        Assert.Equal(DeviceState.Locked, (await _devices.State(unrelated)).Status);
        var view = await _cases.Investigation(id);
        Assert.Equal("unlock_all", view.GetProperty("investigation").GetProperty("outcome").GetString());
        var progress = view.GetProperty("progress");
        Assert.Equal((3, 3, 0), (progress.GetProperty("devicesLocked").GetInt32(), progress.GetProperty("unlocked").GetInt32(),
                                 progress.GetProperty("remaining").GetInt32()));
        var unlock = (await _devices.History(devices[0])).GetProperty("events")[2].GetProperty("data");
        Assert.Equal(("investigation_closed", id), (unlock.GetProperty("reason").GetString(), unlock.GetProperty("investigationId").GetGuid()));
    }

    [Fact]
    public async Task closing_with_keep_locked_leaves_the_locks()
    {
        var id = await _cases.OpenInvestigation("CU");
        var imei = await LockedUnder(id, "KP");

        await (await Close(id, "keep_locked")).Read<object>(HttpStatusCode.Accepted);

        Assert.Equal(DeviceState.Locked, (await _devices.State(imei)).Status);
        Assert.Equal(1, (await _cases.Investigation(id)).GetProperty("progress").GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task a_ledger_whose_lock_records_predate_the_investigation_column_counts_their_progress_after_an_upgrade()
    {
        var id = await _cases.OpenInvestigation("IR");
        await LockedUnder(id);
        await LockedUnder(id);
        // As a release before the column left the table; the service's schema migration adds and fills it again.
        await ledger.Sql("alter table ledger.mt_doc_lockrecord drop column lockedinvestigation_id");

        await using var upgraded = await LedgerFixture.StartService(ledger.ConnectionString);

        var progress = (await new CaseApi(upgraded.ClientAs()).Investigation(id)).GetProperty("progress");
        Assert.Equal((2, 0, 2), (progress.GetProperty("devicesLocked").GetInt32(), progress.GetProperty("unlocked").GetInt32(),
                                 progress.GetProperty("remaining").GetInt32()));
    }

    [Fact]
    public async Task an_investigation_is_closed_once_and_takes_no_locks_after()
    {
        var id = await _cases.OpenInvestigation("IR");
        await (await Close(id, "keep_locked")).Read<object>(HttpStatusCode.Accepted);
        var imei = await _devices.Register();

        await ledger.Refuses(HttpStatusCode.Conflict, () => Close(id, "unlock_all"));
        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post($"/api/devices/{imei}/locks",
            new { region = "IR", reason = "r", investigationId = id }));
    }

    [Fact]
    public async Task a_lock_naming_an_unknown_investigation_is_a_409_problem()
    {
        var imei = await _devices.Register();

        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post($"/api/devices/{imei}/locks",
            new { region = "IR", reason = "r", investigationId = Guid.NewGuid() }));
    }

    [Theory]
    [InlineData("/api/investigations", """{"title":"","regions":["IR"]}""", "title")]
    [InlineData("/api/investigations", """{"title":"t","regions":[]}""", "regions")]
    [InlineData("/api/investigations", """{"title":"t","regions":["IR","XX"]}""", "regions[1]")]
    [InlineData("/api/investigations", """{"title":"t","regions":["IR","IR"]}""", "regions")]
    [InlineData("/api/investigations/0193a1b2-0000-7000-8000-000000000000/close", """{"outcome":"forget","findings":"f"}""", "outcome")]
    [InlineData("/api/investigations/0193a1b2-0000-7000-8000-000000000000/close", """{"outcome":"unlock_all","findings":""}""", "findings")]
    public Task invalid_investigation_commands_are_400_problems(string url, string body, string field) =>
        ledger.RefusesInvalid(url, body, field);

    [Fact]
    public async Task an_unknown_investigation_is_a_404_problem() =>
        await (await ledger.Client.GetAsync($"/api/investigations/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);

    [Fact]
    public async Task after_a_lift_the_region_release_unlocks_its_locks_outside_investigations()
    {
        var investigation = await _cases.OpenInvestigation("CU");
        var plain = new[] { await _devices.Register(), await _devices.Register() };
        foreach (var imei in plain) await _devices.Lock(imei, "CU");
        var underInvestigation = await LockedUnder(investigation, "CU");
        var alsoInIran = plain[1];
        await _devices.Lock(alsoInIran, "IR");

        await ledger.Refuses(HttpStatusCode.Conflict,
            () => ledger.Client.Post("/api/policy/restrictions/CU/release", new { }));
        await (await ledger.Client.Post("/api/policy/restrictions/CU/lift",
            new { legalBasis = "31 CFR 515", reason = "Cuba sanctions lifted", effectiveFrom = DateTimeOffset.UtcNow })).Read<object>();
        await (await ledger.Settled(client => client.Post("/api/policy/restrictions/CU/release", new { })))
            .Read<object>(HttpStatusCode.Accepted);

        Assert.Equal(DeviceState.Usable, (await _devices.State(plain[0])).Status);
        Assert.Equal("IR", Assert.Single((await _devices.State(alsoInIran)).ActiveLocks).Region);
        Assert.Equal(DeviceState.Locked, (await _devices.State(underInvestigation)).Status);
        var unlock = (await _devices.History(plain[0])).GetProperty("events")[2].GetProperty("data");
        Assert.Equal("policy_lifted", unlock.GetProperty("reason").GetString());
        var release = await (await ledger.Client.GetAsync("/api/policy/restrictions/CU/release")).Read<System.Text.Json.JsonElement>();
        Assert.Equal(0, release.GetProperty("remaining").GetInt32());
    }
}
