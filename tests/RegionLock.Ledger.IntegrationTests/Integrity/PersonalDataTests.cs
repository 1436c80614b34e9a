using System.Net;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>An appeal's contact is stored encrypted; erasing it destroys its key and leaves the record verifiable.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class PersonalDataTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private const string Contact = "Reza, +98 912 000 0000";
    private string _imei = "";
    private Guid _appeal;

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        var devices = new DeviceApi(ledger.Client);
        _imei = await devices.Register();
        var placed = await devices.Lock(_imei, "IR");
        _appeal = await new CaseApi(ledger.Client).FileAppeal(_imei, placed.LockId, Contact);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> Erase() =>
        ledger.Client.Post($"/api/appeals/{_appeal}/erase-personal-data", new { reason = "data subject's request" });

    private async Task<string?> ContactAsRead() =>
        (await new CaseApi(ledger.Client).Appeal(_appeal)).GetProperty("contact").GetString();

    [Fact]
    public async Task the_contact_is_never_stored_in_clear()
    {
        var clear = await ledger.Scalar(
            $"select count(*) from {LedgerSchema.EventTable} where data::text like '%+98 912%'");

        Assert.Equal(0, clear);
        Assert.Equal(Contact, await ContactAsRead());
    }

    [Fact]
    public async Task after_erasure_the_contact_reads_as_erased_and_the_record_still_verifies()
    {
        var events = await ledger.CountEvents();

        await (await Erase()).Read<object>();

        Assert.Equal(events + 1, await ledger.CountEvents()); // the erasure is recorded; nothing is removed
        Assert.Equal("[erased]", await ContactAsRead()); // (a read, itself recorded in the access log)
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        var report = await ledger.Verify();
        Assert.True(report.Intact, string.Join("; ", report.Findings));
    }

    [Fact]
    public async Task a_legal_hold_on_the_device_blocks_erasure()
    {
        await (await ledger.Client.Post($"/api/devices/{_imei}/legal-hold",
            new { caseReference = "Doe v. Maker", reason = "litigation hold" })).Read<object>();

        var problem = await ledger.Refuses(HttpStatusCode.Conflict, Erase);

        Assert.Contains("legal hold", problem.GetProperty("detail").GetString());
        Assert.Equal(Contact, await ContactAsRead());
    }

    [Fact]
    public async Task an_erasure_racing_a_legal_hold_never_erases_under_the_hold()
    {
        var devices = new DeviceApi(ledger.Client);
        var cases = new CaseApi(ledger.Client);
        for (var race = 0; race < 100; race++)
        {
            var imei = await devices.Register();
            var appeal = await cases.FileAppeal(imei, (await devices.Lock(imei, "IR")).LockId, Contact);
            await Task.WhenAll(
                Task.Run(() => ledger.Client.Post($"/api/appeals/{appeal}/erase-personal-data", new { reason = "data subject's request" })),
                Task.Run(() => ledger.Client.Post($"/api/devices/{imei}/legal-hold", new { caseReference = $"case {race}", reason = "litigation hold" })));

            // In the order the ledger recorded them, an erasure never follows the hold on its device.
            var erasedAfterHold = await ledger.Scalar(
                $"""
                 select count(*) from {LedgerSchema.EventTable} erased, {LedgerSchema.EventTable} hold
                 where erased.type = 'personal_data_erased' and erased.stream_id = '{appeal}'
                   and hold.type = 'legal_hold_placed' and hold.stream_id = '{imei}' and erased.seq_id > hold.seq_id
                 """);
            Assert.True(erasedAfterHold == 0, $"race {race}: the personal data of appeal {appeal} was erased under a legal hold");
        }
    }

    [Fact]
    public async Task personal_data_is_erased_once()
    {
        await (await Erase()).Read<object>();

        await ledger.Refuses(HttpStatusCode.Conflict, Erase);
    }
}
