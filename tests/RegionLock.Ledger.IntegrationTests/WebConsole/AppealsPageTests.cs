using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>The appeals queue: support files from the device's page, compliance decides, an auditor only reads.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class AppealsPageTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    private async Task<(string Imei, Guid LockId)> LockedDevice()
    {
        var devices = new DeviceApi(Ledger.Client);
        var imei = await devices.Register();
        return (imei, (await devices.Lock(imei, "CU", "seen in Cuba")).LockId);
    }

    [Fact]
    public async Task support_files_an_appeal_and_the_apis_validation_messages_stand_next_to_their_fields()
    {
        var (imei, _) = await LockedDevice();
        var page = await SignedIn("agent@test", "support");
        await page.GotoAsync($"/console/device?imei={imei}");
        var events = await Ledger.CountEvents();

        await page.GetByLabel("Owner's contact (personal data)").FillAsync("owner@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the appeal" }).ClickAsync();

        await Assertions.Expect(page.Locator("#grounds-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("Grounds")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(events, await Ledger.CountEvents());
        await Checked(page, "device-appeal-form-invalid");

        await page.GetByLabel("Grounds").FillAsync("bought in Dubai, travelling");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the appeal" }).ClickAsync();

        await Assertions.Expect(page.Locator("#appeal-status")).ToHaveTextAsync("open");
        await Assertions.Expect(page.Locator("#contact")).ToHaveTextAsync("owner@example.org");
        Assert.Empty(await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).AllAsync());
        await Checked(page, "appeal-support");
    }

    [Fact]
    public async Task compliance_works_the_queue_oldest_first_and_a_granted_appeal_unlocks()
    {
        var (first, firstLock) = await LockedDevice();
        var (second, secondLock) = await LockedDevice();
        var cases = new CaseApi(Ledger.Client);
        var older = await cases.FileAppeal(first, firstLock);
        await cases.FileAppeal(second, secondLock);
        var page = await SignedIn("officer@test", "compliance");

        await page.GotoAsync("/console/appeals");
        var rows = page.Locator("#appeals tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync(first);
        await Checked(page, "appeals-compliance");

        await rows.First.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByLabel("Grant (unlocks the lock)").CheckAsync();
        await page.GetByLabel("Rationale").FillAsync("receipts from Dubai checked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();

        await Assertions.Expect(page.Locator("#appeal-status")).ToHaveTextAsync("granted");
        Assert.Equal("usable", (await new DeviceApi(Ledger.Client).State(first)).Status);
        Assert.Equal("granted", (await cases.Appeal(older)).GetProperty("status").GetString());
        await Checked(page, "appeal-compliance-decided");

        // The unlock on the device's timeline leads to the decision recorded with it, in the appeal's stream.
        await page.GotoAsync($"/console/device?imei={first}");
        await page.Locator("#timeline tr", new() { HasText = "device_unlocked" }).GetByRole(AriaRole.Link, new() { Name = "correlation" }).ClickAsync();
        await Assertions.Expect(page.Locator("#related")).ToContainTextAsync("appeal_decided");
        await Assertions.Expect(page.Locator("#related")).ToContainTextAsync("device_unlocked");
        await Checked(page, "related-events");
        Assert.Equal(2, await Ledger.Scalar("select count(*) from pg_indexes where indexname in ('ix_mt_events_correlation_id', 'ix_mt_events_causation_id')"));
    }

    [Fact]
    public async Task an_auditor_sees_no_decide_button_and_a_forged_decision_is_refused_with_403()
    {
        var (imei, lockId) = await LockedDevice();
        var appeal = await new CaseApi(Ledger.Client).FileAppeal(imei, lockId);
        var page = await SignedIn("auditor@test", "auditor");
        await page.GotoAsync($"/console/appeals/{appeal}");
        await Assertions.Expect(page.Locator("#appeal-status")).ToHaveTextAsync("open");
        Assert.Empty(await page.Locator("main").GetByRole(AriaRole.Button).AllAsync());
        await Checked(page, "appeal-auditor");
        var events = await Ledger.CountEvents();

        var forged = await PostFromPage(page, $"/api/appeals/{appeal}/decision", new { outcome = "granted", rationale = "forged" });

        Assert.Equal(403, forged);
        Assert.Equal(events, await Ledger.CountEvents());
    }

    [Fact]
    public async Task a_write_carried_by_the_console_cookie_without_its_antiforgery_token_is_refused()
    {
        var (imei, lockId) = await LockedDevice();
        var appeal = await new CaseApi(Ledger.Client).FileAppeal(imei, lockId);
        var page = await SignedIn("officer@test", "compliance");
        var events = await Ledger.CountEvents();

        var status = await page.EvaluateAsync<int>(
            "async url => (await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, " +
            "body: JSON.stringify({ outcome: 'granted', rationale: 'no token' }) })).status", $"/api/appeals/{appeal}/decision");

        Assert.Equal(403, status);
        Assert.Equal(events, await Ledger.CountEvents());
    }
}
