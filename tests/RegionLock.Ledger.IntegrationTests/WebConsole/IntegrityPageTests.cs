using Microsoft.Playwright;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>The integrity page: the published checkpoint, a verification started and followed to its finding.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class IntegrityPageTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    private async Task<IPage> Verified(string role)
    {
        var page = await SignedIn($"{role}@test", role);
        await page.GotoAsync("/console/integrity");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the whole ledger" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verifications tbody tr").First).ToContainTextAsync("finished", new() { Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task an_auditor_sees_the_published_checkpoint_and_a_verification_finds_the_ledger_intact()
    {
        await Ledger.RegisterAndSign(3);
        var published = await Ledger.Publish();

        var page = await Verified("auditor");

        await Assertions.Expect(page.Locator("#tree-size")).ToHaveTextAsync(published!.Size.ToString());
        await Assertions.Expect(page.Locator("#checkpoint-note")).ToContainTextAsync("\u2014 ");
        await Assertions.Expect(page.Locator("#verification-outcome")).ToContainTextAsync("intact:");
        await Checked(page, "integrity-auditor");
    }

    [Fact]
    public async Task an_admin_starts_a_verification_that_names_an_event_edited_behind_the_ledgers_back()
    {
        await Ledger.RegisterAndSign(3);
        var sequences = await Ledger.Sequences();
        await Ledger.Sql($"update {LedgerSchema.EventTable} set data = jsonb_set(data, '{{model}}', '\"Other\"') where seq_id = {sequences[1]}");

        var page = await Verified("admin");

        await Assertions.Expect(page.Locator("#verification-outcome")).ToContainTextAsync("tampered:");
        await Assertions.Expect(page.Locator("#findings")).ToContainTextAsync("edited");
        await Assertions.Expect(page.Locator("#findings")).ToContainTextAsync(sequences[1].ToString());
        await Checked(page, "integrity-tampered");
    }

    [Fact]
    public async Task compliance_is_refused_the_integrity_page_as_by_the_api()
    {
        var page = await SignedIn("officer@test", "compliance");

        Assert.Equal(403, (await page.GotoAsync("/console/integrity"))!.Status);
        Assert.Equal(403, await PostFromPage(page, "/api/integrity/verifications", new { }));
    }
}
