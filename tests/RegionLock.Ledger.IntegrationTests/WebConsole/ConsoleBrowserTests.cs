using System.Net;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// The console in a real browser (Debian's chromium through Playwright) against the service as a process: the
/// development sign-in, a device's story, a refused role, the security headers; each page checked with axe-core (no
/// serious or critical violation) and a screenshot of it kept under .data/test-results/console/.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class ConsoleBrowserTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private ServiceProcess _service = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        _service = await ServiceProcess.Serve(new Dictionary<string, string?>(ledger.CommandSettings) { ["Console:DevelopmentSignIn"] = "true" });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _service.DisposeAsync();
    }

    private static readonly string Screenshots = Path.Combine(RepositoryRoot(), ".data", "test-results", "console");

    private async Task<IPage> SignedIn(string subject, params string[] roles)
    {
        // The page's Content-Security-Policy is checked on its own below; bypassed here so axe-core can be injected.
        var page = await _browser.NewPageAsync(new()
        {
            BaseURL = _service.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, BypassCSP = true,
        });
        await page.GotoAsync("/console");
        Assert.EndsWith("/console/sign-in?ReturnUrl=%2Fconsole", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Development sign-in is on");
        Assert.Empty(await Accessibility.SeriousViolations(page));
        await page.GetByLabel("Subject").FillAsync(subject);
        foreach (var role in roles) await page.GetByLabel(role, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance console" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task support_signs_in_and_reads_a_locked_devices_story()
    {
        var devices = new DeviceApi(ledger.Client);
        var imei = await devices.Register();
        await devices.Lock(imei, "IR", "seen in Iran");
        var page = await SignedIn("agent@test", "support");

        await page.GotoAsync($"/console/device?imei={imei}");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("locked");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("device_locked");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("device_registered");
        Assert.Empty(await Accessibility.SeriousViolations(page));
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "device-support.png"), FullPage = true });
    }

    [Fact]
    public async Task the_accessibility_check_finds_what_it_is_for()
    {
        var page = await _browser.NewPageAsync(new() { BypassCSP = true });
        await page.SetContentAsync("<html lang=\"en\"><title>t</title><main><input type=\"text\"></main></html>");

        Assert.Contains(await Accessibility.SeriousViolations(page), v => v.StartsWith("label:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_imei_with_a_wrong_check_digit_is_named_as_such()
    {
        var page = await SignedIn("agent@test", "support");

        await page.GotoAsync($"/console/device?imei={TestImei.WithWrongCheckDigit(TestImei.Next())}");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Last).ToContainTextAsync("Luhn check digit");
    }

    [Fact]
    public async Task the_check_digit_is_checked_as_it_is_typed()
    {
        var page = await SignedIn("agent@test", "support");
        await page.GotoAsync("/console/device");
        var imei = TestImei.Next();

        await page.GetByLabel("IMEI").FillAsync(TestImei.WithWrongCheckDigit(imei));
        await Assertions.Expect(page.Locator("#imei-check")).ToContainTextAsync($"The last digit should be {imei[^1]}");
        Assert.False(await page.GetByLabel("IMEI").EvaluateAsync<bool>("input => input.checkValidity()"));

        await page.GetByLabel("IMEI").FillAsync(imei);
        await Assertions.Expect(page.Locator("#imei-check")).ToHaveTextAsync("");
    }

    [Fact]
    public async Task a_role_the_api_would_refuse_is_refused_a_devices_page()
    {
        var page = await SignedIn("pipeline@test", "enforcement");

        var response = await page.GotoAsync($"/console/device?imei={TestImei.Next()}");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not for your role" })).ToBeVisibleAsync();
        Assert.Empty(await Accessibility.SeriousViolations(page));
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "forbidden-enforcement.png") });
    }

    [Fact]
    public async Task console_pages_carry_a_strict_content_security_policy_and_no_bearer_token_opens_them()
    {
        using var client = new HttpClient { BaseAddress = _service.Address };
        var signIn = await client.GetAsync("/console/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var policy = string.Join(";", signIn.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("<script>", await signIn.Content.ReadAsStringAsync());

        var token = await _service.ClientAs(ledger.CommandSettings, "support");
        var withToken = await token.GetAsync($"/console/device?imei={TestImei.Next()}");
        Assert.Contains("/console/sign-in", withToken.RequestMessage!.RequestUri!.ToString());
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RegionLock.Ledger.sln"))) folder = folder.Parent;
        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}
