using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// The policy page: restrictions in force, their history as a chart and a table, and the proposals of wide changes
/// (Policy:ApprovalThresholdDevices = 1 here) that another compliance officer approves or rejects.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class PolicyPageTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    protected override IReadOnlyDictionary<string, string?> ServiceSettings { get; } =
        new Dictionary<string, string?> { ["Policy:ApprovalThresholdDevices"] = "1" };

    private static Task<HttpResponseMessage> Restrict(HttpClient officer, string region, DateTimeOffset from) =>
        officer.Post("/api/policy/restrictions", new { region, legalBasis = "31 CFR 560", reason = "sanctions", effectiveFrom = from });

    /// <summary>IR restricted, CU restricted then lifted, and a proposal to restrict SY, where two devices were seen, made by "officer".</summary>
    private async Task<string> PolicyWithAProposal()
    {
        var officer = await Service.ClientAs(Ledger.CommandSettings, "compliance");
        var now = DateTimeOffset.UtcNow;
        await (await Restrict(officer, "IR", now.AddDays(-30))).Read<JsonElement>(HttpStatusCode.Created);
        await (await Restrict(officer, "CU", now.AddDays(-20))).Read<JsonElement>(HttpStatusCode.Created);
        await (await officer.Post("/api/policy/restrictions/CU/lift", new { legalBasis = "OFAC general licence", reason = "licence granted", effectiveFrom = now.AddDays(-10) }))
            .Read<JsonElement>(HttpStatusCode.OK);
        var devices = new DeviceApi(Ledger.Client);
        for (var i = 0; i < 2; i++) await devices.Observe(await devices.Register(), "SY", now.AddHours(-1));
        var proposed = await (await Restrict(officer, "SY", now.AddMinutes(-1))).Read<JsonElement>(HttpStatusCode.Accepted);
        return proposed.GetProperty("proposalId").GetString()!;
    }

    [Fact]
    public async Task a_second_officer_reads_the_policy_and_approves_a_proposal_with_its_impact_in_view()
    {
        var proposal = await PolicyWithAProposal();
        var page = await SignedIn("second-officer@test", "compliance");

        await page.GotoAsync("/console/policy");
        await Assertions.Expect(page.Locator("#restrictions")).ToContainTextAsync("IR");
        await Assertions.Expect(page.Locator("#restrictions")).Not.ToContainTextAsync("CU");
        await Assertions.Expect(page.Locator("#policy-chart rect.chart-bar")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(3);
        var section = page.Locator(".proposal", new() { HasText = "restrict SY" });
        await Assertions.Expect(section).ToContainTextAsync("2 devices weighed");
        await Checked(page, "policy-compliance");

        await section.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(section.Locator($"#approve-{proposal}-error")).Not.ToBeEmptyAsync();

        await section.GetByLabel("Reason to approve").FillAsync("impact reviewed");
        await section.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Assertions.Expect(page.Locator("#restrictions")).ToContainTextAsync("SY");
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("(approved proposal)");
        await Assertions.Expect(page.GetByText("Proposals awaiting a second officer")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".proposal")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_proposer_cannot_decide_an_auditor_sees_without_buttons_and_forged_decisions_are_refused()
    {
        var proposal = await PolicyWithAProposal();

        var proposer = await SignedIn("officer", "compliance");
        await proposer.GotoAsync("/console/policy");
        await Assertions.Expect(proposer.Locator(".proposal")).ToContainTextAsync("Your own proposal");

        var auditor = await SignedIn("auditor@test", "auditor");
        await auditor.GotoAsync("/console/policy");
        await Assertions.Expect(auditor.Locator(".proposal")).ToContainTextAsync("restrict SY");
        Assert.Empty(await auditor.Locator(".proposal").GetByRole(AriaRole.Button).AllAsync());
        await Checked(auditor, "policy-auditor");
        var events = await Ledger.CountEvents();

        Assert.Equal(403, await PostFromPage(auditor, $"/api/policy/proposals/{proposal}/approve", new { reason = "forged" }));
        Assert.Equal(403, await PostFromPage(auditor, $"/api/policy/proposals/{proposal}/reject", new { reason = "forged" }));
        Assert.Equal(events, await Ledger.CountEvents());
    }

    [Fact]
    public async Task the_enforcement_pipeline_reads_the_policy_but_not_the_proposals()
    {
        await PolicyWithAProposal();
        var page = await SignedIn("pipeline@test", "enforcement");

        await page.GotoAsync("/console/policy?asOf=2000-01-01T00:00:00");

        await Assertions.Expect(page.GetByText("No region is restricted.")).ToBeVisibleAsync();
        Assert.Empty(await page.GetByText("Proposals awaiting a second officer").AllAsync());
        await Checked(page, "policy-enforcement-as-of-2000");
    }
}
