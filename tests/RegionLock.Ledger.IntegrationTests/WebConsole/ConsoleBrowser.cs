using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// The console in a real browser (Debian's chromium through Playwright) against the service as a process, on the
/// integrity tests' ledger (wiped for each test): sign in as a role, check a page with axe-core, keep screenshots of it
/// at 1280 px and on a narrow window under .data/test-results/console/.
/// </summary>
public abstract class ConsoleBrowser(IntegrityFixture ledger) : IAsyncLifetime
{
    protected IntegrityFixture Ledger { get; } = ledger;
    protected ServiceProcess Service { get; private set; } = null!;
    protected IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    /// <summary>Settings of the service under test beyond the ledger's own.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServiceSettings { get; } = new Dictionary<string, string?>();

    private static readonly string Screenshots = Path.Combine(Tool.RepositoryRoot(), ".data", "test-results", "console");

    public virtual async Task InitializeAsync()
    {
        await Ledger.Reset();
        var settings = new Dictionary<string, string?>(Ledger.CommandSettings) { ["Console:DevelopmentSignIn"] = "true" };
        foreach (var (key, value) in ServiceSettings) settings[key] = value;
        Service = await ServiceProcess.Serve(settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>A page signed in through the development sign-in with these roles, on the console's start page.</summary>
    protected async Task<IPage> SignedIn(string subject, params string[] roles)
    {
        // The page's Content-Security-Policy is checked on its own; bypassed here so axe-core can be injected.
        var page = await Browser.NewPageAsync(new()
        {
            BaseURL = Service.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, BypassCSP = true,
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

    /// <summary>No serious or critical axe-core violation on the page; its screenshots, wide and narrow.</summary>
    protected static async Task Checked(IPage page, string name)
    {
        Assert.Empty(await Accessibility.SeriousViolations(page));
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        var wide = page.ViewportSize!;
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"),
                    $"{name} scrolls sideways on a narrow window");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-narrow.png"), FullPage = true });
        await page.SetViewportSizeAsync(wide.Width, wide.Height);
    }

    /// <summary>A POST to an API endpoint from inside the signed-in page: its cookie and its antiforgery token, as the console's own script sends.</summary>
    protected static Task<int> PostFromPage(IPage page, string url, object body) =>
        page.EvaluateAsync<int>(
            """
            async ([url, body]) => (await fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
              headers: { "Content-Type": "application/json",
                         "RequestVerificationToken": document.querySelector("meta[name=antiforgery]").content } })).status
            """, new object[] { url, body });
}
