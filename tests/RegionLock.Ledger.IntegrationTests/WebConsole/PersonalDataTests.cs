using RegionLock.Ledger.Access;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// No page shows a role personal data the API would not give it: for every role, every page is read, and a device's
/// IMEI or an appeal's contact may appear only where the API answers that role's request for the device or appeal.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class PersonalDataTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    private const string Contact = "owner-7731@example.org";

    [Fact]
    public async Task no_page_shows_a_role_an_imei_or_a_contact_that_the_api_would_refuse_it()
    {
        var devices = new DeviceApi(Ledger.Client);
        var cases = new CaseApi(Ledger.Client);
        var imei = await devices.Register();
        var investigation = await cases.OpenInvestigation("IR");
        var locked = await (await Ledger.Client.Post($"/api/devices/{imei}/locks",
            new { region = "IR", reason = "pending an investigation", investigationId = investigation })).Read<LockPlaced>(System.Net.HttpStatusCode.Created);
        var appeal = await cases.FileAppeal(imei, locked.LockId, Contact);
        await Ledger.Publish();
        var correlation = (await devices.History(imei)).GetProperty("events")[1].GetProperty("correlationId").GetString();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        string[] pages =
        [
            "/console", $"/console/device?imei={imei}", "/console/appeals", $"/console/appeals/{appeal}", "/console/investigations",
            $"/console/investigations/{investigation}", "/console/policy", $"/console/related?correlation={correlation}",
            $"/console/reports?report=lock-register&from={today}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}", "/console/integrity",
        ];
        var shown = new List<string>();

        foreach (var role in Role.Staff)
        {
            var api = await Service.ClientAs(Ledger.CommandSettings, role);
            var apiGivesImei = (await api.GetAsync($"/api/devices/{imei}")).IsSuccessStatusCode;
            var apiGivesContact = (await api.GetStringAsyncOrEmpty($"/api/appeals/{appeal}")).Contains(Contact);
            var page = await SignedIn($"{role}@test", role);
            foreach (var path in pages)
            {
                await page.GotoAsync(path);
                var content = await page.ContentAsync();
                Assert.False(content.Contains(imei) && !apiGivesImei, $"{path} shows the IMEI to {role}, which the API does not");
                Assert.False(content.Contains(Contact) && !apiGivesContact, $"{path} shows the contact to {role}, which the API does not");
                if (content.Contains(Contact)) shown.Add($"{role} {path}");
            }
            await page.CloseAsync();
        }

        // The check has something to find: the roles the API gives the contact see it on the appeal's page.
        Assert.Equal([$"support /console/appeals/{appeal}", $"compliance /console/appeals/{appeal}", $"auditor /console/appeals/{appeal}"], shown);
    }
}

internal static class ReadOrEmpty
{
    public static async Task<string> GetStringAsyncOrEmpty(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }
}
