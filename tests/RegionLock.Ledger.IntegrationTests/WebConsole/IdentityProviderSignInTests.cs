using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// Sign-in through the organisation's OpenID Connect provider, the issuer the API trusts (Auth:Authority), with no
/// development sign-in: the console's roles are the ID token's role claims, as the API's are the access token's.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class IdentityProviderSignInTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    // One provider for the test run: the service's settings, read when each test starts it, name its address.
    private static readonly TestIdentityProvider Provider = TestIdentityProvider.Start().GetAwaiter().GetResult();
    private static readonly string SecretFile = WriteSecret();

    private static string WriteSecret()
    {
        var file = Path.Combine(Path.GetTempPath(), $"console-client-secret-{Guid.NewGuid():N}");
        File.WriteAllText(file, Provider.ClientSecret);
        return file;
    }

    protected override IReadOnlyDictionary<string, string?> ServiceSettings { get; } = new Dictionary<string, string?>
    {
        ["Console:DevelopmentSignIn"] = "false", ["Auth:Authority"] = Provider.Url, ["Auth:RequireHttpsMetadata"] = "false",
        ["Console:OpenIdConnect:ClientId"] = TestIdentityProvider.ClientId, ["Console:OpenIdConnect:ClientSecretFile"] = SecretFile,
    };

    private async Task<IPage> SignedInThroughTheProvider(string subject, params string[] roles)
    {
        Provider.NextUser = (subject, roles);
        var page = await Browser.NewPageAsync(new() { BaseURL = Service.Address.ToString(), BypassCSP = true });
        var first = await page.GotoAsync("/console/reports");
        Assert.True(first!.Ok, $"{first.Status} {page.Url} {await page.ContentAsync()}");
        Assert.Empty(await page.GetByText("Development sign-in").AllAsync());
        await Checked(page, "sign-in-identity-provider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the organisation's identity provider" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/console/reports") || url.Contains("/console/forbidden"));
        return page;
    }

    [Fact]
    public async Task an_officer_signs_in_through_the_provider_with_the_roles_of_its_id_token()
    {
        var page = await SignedInThroughTheProvider("officer@idp", "compliance");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reports and exports" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".who")).ToContainTextAsync("officer@idp · compliance");
        Assert.Equal(403, (await page.GotoAsync("/console/integrity"))!.Status);

        await page.GotoAsync("/console");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.EndsWith("/console/sign-in?ReturnUrl=%2Fconsole%2Fpolicy", (await page.GotoAsync("/console/policy"))!.Url);
    }

    [Fact]
    public async Task a_role_the_ledger_does_not_know_opens_nothing_and_the_development_sign_in_is_absent()
    {
        var page = await SignedInThroughTheProvider("visitor@idp", "witness", "superuser");

        Assert.Equal(403, (await page.GotoAsync("/console/reports"))!.Status);
        Assert.Equal(403, (await page.GotoAsync("/console/policy"))!.Status);
        // The development sign-in's form, sent with a valid antiforgery token: there is no such sign-in here.
        var status = await page.EvaluateAsync<int>(
            """
            async () => (await fetch("/console/sign-in", { method: "POST", credentials: "same-origin", body: new URLSearchParams({
              Subject: "x", Picked: "admin", __RequestVerificationToken: document.querySelector("meta[name=antiforgery]").content }) })).status
            """);
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task the_api_trusts_the_same_provider_and_role_claims()
    {
        using var client = new HttpClient { BaseAddress = Service.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Provider.AccessToken("regionlock-ledger", "auditor@idp", "auditor"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/integrity/verifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
                     (await client.PostAsync("/api/investigations", JsonContent.Create(new { title = "t", regions = new[] { "IR" } }))).StatusCode);
    }
}
