using System.Net;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>Investigations: compliance opens and closes one and follows its bulk unlock; an auditor only reads.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class InvestigationsPageTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    private async Task LockUnder(Guid investigationId, int devices)
    {
        var api = new DeviceApi(Ledger.Client);
        for (var i = 0; i < devices; i++)
        {
            var imei = await api.Register();
            await (await Ledger.Client.Post($"/api/devices/{imei}/locks",
                new { region = "IR", reason = "temporarily, pending an investigation", investigationId })).Read<object>(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task compliance_opens_an_investigation_closes_it_and_watches_the_bulk_unlock_finish()
    {
        var page = await SignedIn("officer@test", "compliance");
        await page.GotoAsync("/console/investigations");
        await page.GetByLabel("Title").FillAsync("September activations");
        await page.GetByLabel("Regions").FillAsync("IR, XX");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(page.Locator("#regions-error")).ToContainTextAsync("XX");
        await Checked(page, "investigations-invalid-region");

        await page.GetByLabel("Regions").FillAsync("IR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(page.Locator("#investigation-status")).ToHaveTextAsync("open");
        var id = Guid.Parse(page.Url.Split('/')[^1]);
        await LockUnder(id, 5);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#remaining")).ToHaveTextAsync("5");

        await page.GetByLabel("Unlock every device still locked under it").CheckAsync();
        await page.GetByLabel("Findings").FillAsync("the devices were sold in the UAE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the investigation" }).ClickAsync();

        await Assertions.Expect(page.Locator("#investigation-status")).ToContainTextAsync("unlock_all");
        await Assertions.Expect(page.Locator("#remaining")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#unlocked")).ToHaveTextAsync("5");
        await Assertions.Expect(page.Locator("#progress-note")).ToHaveTextAsync("Done.");
        await Checked(page, "investigation-closed");
        await page.GotoAsync("/console/investigations");
        await Assertions.Expect(page.Locator("#investigations")).ToContainTextAsync("September activations");
        await Checked(page, "investigations");
    }

    [Fact]
    public async Task an_auditor_sees_no_close_form_and_a_forged_closing_is_refused_with_403()
    {
        var id = await new CaseApi(Ledger.Client).OpenInvestigation("IR");
        var page = await SignedIn("auditor@test", "auditor");
        await page.GotoAsync($"/console/investigations/{id}");
        Assert.Empty(await page.Locator("main").GetByRole(AriaRole.Button).AllAsync());
        await page.GotoAsync("/console/investigations");
        Assert.Empty(await page.Locator("main").GetByRole(AriaRole.Button).AllAsync());
        var events = await Ledger.CountEvents();

        Assert.Equal(403, await PostFromPage(page, $"/api/investigations/{id}/close", new { outcome = "unlock_all", findings = "forged" }));
        Assert.Equal(403, await PostFromPage(page, "/api/investigations", new { title = "forged", regions = new[] { "IR" } }));
        Assert.Equal(events, await Ledger.CountEvents());
    }

    [Fact]
    public async Task support_is_refused_the_investigations_as_by_the_api()
    {
        var id = await new CaseApi(Ledger.Client).OpenInvestigation("IR");
        var page = await SignedIn("agent@test", "support");

        Assert.Equal(403, (await page.GotoAsync($"/console/investigations/{id}"))!.Status);
        Assert.Equal(403, (await page.GotoAsync("/console/investigations"))!.Status);
        await page.GotoAsync("/console");
        Assert.Empty(await page.GetByRole(AriaRole.Link, new() { Name = "Investigations" }).AllAsync());
    }
}
