using System.Net;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices.LegalHolds;

[Collection(IncidentCollection.Name)]
public sealed class LegalHoldTests(IncidentFixture ledger)
{
    private readonly DeviceApi _devices = new(ledger.Client);

    [Fact]
    public async Task a_legal_hold_is_shown_in_the_device_state_until_released()
    {
        var imei = await _devices.Register();

        await (await ledger.Client.Post($"/api/devices/{imei}/legal-hold",
            new { caseReference = "Doe v. Maker, 1:24-cv-0001", reason = "litigation hold notice" })).Read<object>();
        var held = await _devices.State(imei);
        await (await ledger.Client.Post($"/api/devices/{imei}/legal-hold/release", new { reason = "case settled" })).Read<object>();

        Assert.Equal("Doe v. Maker, 1:24-cv-0001", held.LegalHold?.CaseReference);
        Assert.Null((await _devices.State(imei)).LegalHold);
    }

    [Fact]
    public async Task placing_a_second_hold_or_releasing_none_is_a_409_problem()
    {
        var imei = await _devices.Register();

        await ledger.Refuses(HttpStatusCode.Conflict,
            () => ledger.Client.Post($"/api/devices/{imei}/legal-hold/release", new { reason = "nothing held" }));
        await (await ledger.Client.Post($"/api/devices/{imei}/legal-hold", new { caseReference = "A", reason = "r" })).Read<object>();
        await ledger.Refuses(HttpStatusCode.Conflict,
            () => ledger.Client.Post($"/api/devices/{imei}/legal-hold", new { caseReference = "B", reason = "r" }));
    }

    [Fact]
    public async Task a_hold_without_a_case_reference_is_a_400_problem()
    {
        var imei = await _devices.Register();

        var problem = await ledger.Refuses(HttpStatusCode.BadRequest,
            () => ledger.Client.Post($"/api/devices/{imei}/legal-hold", new { caseReference = "", reason = "r" }));
        Assert.True(problem.GetProperty("errors").TryGetProperty("caseReference", out _));
    }
}
