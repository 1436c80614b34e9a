using System.Net;
using RegionLock.Ledger.Devices.Reading;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Appeals;

[Collection(IncidentCollection.Name)]
public sealed class AppealTests(IncidentFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);
    private readonly CaseApi _cases = new(ledger.Client);

    private async Task<(string Imei, Guid LockId)> LockedDevice(string region = "IR")
    {
        var imei = await _devices.Register();
        return (imei, (await _devices.Lock(imei, region)).LockId);
    }

    [Fact]
    public async Task a_granted_appeal_unlocks_its_lock_in_the_same_transaction()
    {
        var (imei, lockId) = await LockedDevice();
        var appealId = await _cases.FileAppeal(imei, lockId);

        await (await _cases.Decide(appealId, "granted")).Read<object>();

        var state = await _devices.State(imei);
        Assert.Equal(DeviceState.Usable, state.Status);
        var unlocked = (await _devices.History(imei)).GetProperty("events")[2];
        Assert.Equal("device_unlocked", unlocked.GetProperty("type").GetString());
        Assert.Equal("appeal_granted", unlocked.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(appealId, unlocked.GetProperty("data").GetProperty("appealId").GetGuid());
        Assert.Equal("granted", (await _cases.Appeal(appealId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_denied_appeal_leaves_the_lock()
    {
        var (imei, lockId) = await LockedDevice();
        var appealId = await _cases.FileAppeal(imei, lockId);

        await (await _cases.Decide(appealId, "denied")).Read<object>();

        Assert.Equal(lockId, Assert.Single((await _devices.State(imei)).ActiveLocks).LockId);
        var appeal = await _cases.Appeal(appealId);
        Assert.Equal(("denied", "reviewed the receipts"),
                     (appeal.GetProperty("status").GetString(), appeal.GetProperty("rationale").GetString()));
    }

    [Fact]
    public async Task granting_unlocks_only_the_contested_lock()
    {
        var (imei, lockId) = await LockedDevice("IR");
        var cuba = await _devices.Lock(imei, "CU");

        await (await _cases.Decide(await _cases.FileAppeal(imei, lockId), "granted")).Read<object>();

        Assert.Equal(cuba.LockId, Assert.Single((await _devices.State(imei)).ActiveLocks).LockId);
    }

    [Fact]
    public async Task an_appeal_records_its_region_evidence_and_contact()
    {
        var (imei, lockId) = await LockedDevice("SY");
        var appealId = await _cases.FileAppeal(imei, lockId, contact: "+971 50 000 0000");

        await (await ledger.Client.Post($"/api/appeals/{appealId}/evidence", new { evidence = "receipt no. 42" })).Read<object>();

        var appeal = await _cases.Appeal(appealId);
        Assert.Equal("SY", appeal.GetProperty("region").GetString());
        Assert.Equal("+971 50 000 0000", appeal.GetProperty("contact").GetString());
        Assert.Equal("receipt no. 42", appeal.GetProperty("evidence")[0].GetString());
        Assert.Equal("open", appeal.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_withdrawn_appeal_cannot_be_decided()
    {
        var (imei, lockId) = await LockedDevice();
        var appealId = await _cases.FileAppeal(imei, lockId);
        await (await ledger.Client.Post($"/api/appeals/{appealId}/withdraw", new { reason = "owner left the region" })).Read<object>();

        await ledger.Refuses(HttpStatusCode.Conflict, () => _cases.Decide(appealId, "granted"));

        Assert.Equal("withdrawn", (await _cases.Appeal(appealId)).GetProperty("status").GetString());
        Assert.Single((await _devices.State(imei)).ActiveLocks);
    }

    [Fact]
    public async Task an_appeal_is_decided_once()
    {
        var (imei, lockId) = await LockedDevice();
        var appealId = await _cases.FileAppeal(imei, lockId);
        await (await _cases.Decide(appealId, "denied")).Read<object>();

        await ledger.Refuses(HttpStatusCode.Conflict, () => _cases.Decide(appealId, "granted"));
    }

    [Fact]
    public async Task an_appeal_against_an_unknown_lock_is_a_409_problem()
    {
        var (imei, _) = await LockedDevice();

        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post("/api/appeals",
            new { imei, lockId = Guid.NewGuid(), grounds = "g", contact = "c" }));
    }

    [Fact]
    public async Task an_appeal_against_a_lifted_lock_is_a_409_problem()
    {
        var (imei, lockId) = await LockedDevice();
        await _devices.Unlock(imei, lockId);

        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post("/api/appeals",
            new { imei, lockId, grounds = "g", contact = "c" }));
    }

    [Fact]
    public async Task a_second_open_appeal_against_one_lock_is_a_409_problem()
    {
        var (imei, lockId) = await LockedDevice();
        await _cases.FileAppeal(imei, lockId);

        await ledger.Refuses(HttpStatusCode.Conflict, () => ledger.Client.Post("/api/appeals",
            new { imei, lockId, grounds = "again", contact = "c" }));
    }

    [Fact]
    public async Task an_appeal_for_an_unknown_device_is_a_404_problem() =>
        await ledger.Refuses(HttpStatusCode.NotFound, () => ledger.Client.Post("/api/appeals",
            new { imei = TestImei.Next(), lockId = Guid.NewGuid(), grounds = "g", contact = "c" }));

    [Theory]
    [InlineData("/api/appeals", """{"imei":"490154203237519","lockId":"0193a1b2-0000-7000-8000-000000000000","grounds":"g","contact":"c"}""", "imei")]
    [InlineData("/api/appeals", """{"imei":"490154203237518","lockId":"00000000-0000-0000-0000-000000000000","grounds":"g","contact":"c"}""", "lockId")]
    [InlineData("/api/appeals", """{"imei":"490154203237518","lockId":"0193a1b2-0000-7000-8000-000000000000","grounds":"","contact":"c"}""", "grounds")]
    [InlineData("/api/appeals", """{"imei":"490154203237518","lockId":"0193a1b2-0000-7000-8000-000000000000","grounds":"g","contact":""}""", "contact")]
    [InlineData("/api/appeals/0193a1b2-0000-7000-8000-000000000000/decision", """{"outcome":"maybe","rationale":"r"}""", "outcome")]
    [InlineData("/api/appeals/0193a1b2-0000-7000-8000-000000000000/decision", """{"outcome":"granted","rationale":""}""", "rationale")]
    [InlineData("/api/appeals/not-an-id/decision", """{"outcome":"granted","rationale":"r"}""", "id")]
    public Task invalid_appeal_commands_are_400_problems(string url, string body, string field) =>
        ledger.RefusesInvalid(url, body, field);

    [Fact]
    public async Task an_unknown_appeal_is_a_404_problem()
    {
        await (await ledger.Client.GetAsync($"/api/appeals/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);
        await ledger.Refuses(HttpStatusCode.NotFound, () => _cases.Decide(Guid.NewGuid(), "granted"));
    }
}
