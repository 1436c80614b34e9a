using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>Reports: a preview, downloads that hold the previewed rows, a signed export and its reproduction, the disclosures.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class ReportsPageTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd");
    private static readonly string Tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");

    private async Task ThreeLocks()
    {
        var devices = new DeviceApi(Ledger.Client);
        for (var i = 0; i < 3; i++) await devices.Lock(await devices.Register(), "IR", "seen in Iran");
    }

    private static async Task<byte[]> Downloaded(IPage page, Func<Task> start)
    {
        var download = await page.RunAndWaitForDownloadAsync(start);
        await using var file = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task compliance_previews_downloads_what_it_saw_and_exports_a_signed_bundle_that_reproduces()
    {
        await ThreeLocks();
        var page = await SignedIn("officer@test", "compliance");
        await page.GotoAsync("/console/reports");
        await page.GetByLabel("Report").SelectOptionAsync("lock-register");
        await page.GetByLabel("From (UTC date)").FillAsync(Today);
        await page.GetByLabel("To, not included (UTC date)").FillAsync(Tomorrow);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        await Assertions.Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(3);
        await Checked(page, "reports-preview");
        await ThreeLocks(); // recorded after the preview's instant: in no file made from it

        var csv = await Downloaded(page, () => page.Locator("#download-csv").ClickAsync());
        Assert.Equal(4, System.Text.Encoding.UTF8.GetString(csv).TrimEnd().Split('\n').Length);
        var href = await page.Locator("#download-csv").GetAttributeAsync("href");
        Assert.Equal(csv, await Ledger.Client.GetByteArrayAsync(href));

        await page.GetByRole(AriaRole.Button, new() { Name = "Create the signed export" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recipient-error")).Not.ToBeEmptyAsync();
        await page.GetByLabel("Recipient").FillAsync("Regulator of Testland");
        await page.GetByLabel("Purpose").FillAsync("quarterly supervision");
        var bundle = await Downloaded(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Create the signed export" }).ClickAsync());
        Assert.Equal("PK"u8.ToArray(), bundle[..2]);

        await page.GotoAsync("/console/reports");
        var export = page.Locator("#disclosures tbody tr", new() { HasText = "Regulator of Testland" });
        await Assertions.Expect(export).ToContainTextAsync("quarterly supervision");
        await Assertions.Expect(page.Locator("#disclosures tbody tr", new() { HasText = "report" })).ToHaveCountAsync(2); // the CSV, and this test's own GET
        await Checked(page, "reports-disclosures");
        Assert.Equal(bundle, await Downloaded(page, () => export.GetByRole(AriaRole.Button).ClickAsync()));
    }

    [Fact]
    public async Task a_period_that_ends_before_it_starts_is_named_and_support_is_refused_the_page()
    {
        var page = await SignedIn("auditor@test", "auditor");
        await page.GotoAsync($"/console/reports?report=locks-by-region&from={Tomorrow}&to={Today}");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Last).ToContainTextAsync("'to' must be after 'from'");

        var support = await SignedIn("agent@test", "support");
        Assert.Equal(403, (await support.GotoAsync("/console/reports"))!.Status);
    }
}
