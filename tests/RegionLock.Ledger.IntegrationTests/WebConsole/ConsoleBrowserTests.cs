using System.Net;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// The console's sign-in, a device's story, a refused role, the security headers.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class ConsoleBrowserTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    [Fact]
    public async Task support_signs_in_and_reads_a_locked_devices_story()
    {
        var devices = new DeviceApi(Ledger.Client);
        var imei = await devices.Register();
        await devices.Lock(imei, "IR", "seen in Iran");
        var page = await SignedIn("agent@test", "support");

        await page.GotoAsync($"/console/device?imei={imei}");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("locked");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("device_locked");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("device_registered");
        await Checked(page, "device-support");
    }

    [Fact]
    public async Task a_device_reads_as_it_stood_as_known_at_an_earlier_instant()
    {
        var devices = new DeviceApi(Ledger.Client);
        var imei = await devices.Register();
        var locked = await devices.Lock(imei, "CU", "seen in Cuba");
        await Task.Delay(1100); // the pickers go to the second
        var between = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss");
        await Task.Delay(1100);
        await devices.Unlock(imei, locked.LockId);
        var page = await SignedIn("auditor@test", "auditor");
        await page.GotoAsync($"/console/device?imei={imei}");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("usable");

        await page.GetByLabel("As known at (UTC)").FillAsync(between);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("locked");
        await Assertions.Expect(page.Locator("#timeline tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#timeline")).Not.ToContainTextAsync("device_unlocked");
        await Checked(page, "device-as-known-at");
    }

    [Fact]
    public async Task the_console_is_usable_by_keyboard_alone()
    {
        var imei = await new DeviceApi(Ledger.Client).Register();
        var page = await Browser.NewPageAsync(new() { BaseURL = Service.Address.ToString() });
        await page.GotoAsync("/console/device");

        // Sign in: the subject field, then the roles, by Tab, Space and Enter only.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("keys@test");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space"); // support
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#imei")).ToBeVisibleAsync();

        await page.Locator("#imei").FocusAsync();
        await page.Keyboard.TypeAsync(imei);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("usable");
    }

    [Fact]
    public async Task the_accessibility_check_finds_what_it_is_for()
    {
        var page = await Browser.NewPageAsync(new() { BypassCSP = true });
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
        await Checked(page, "forbidden-enforcement");
    }

    [Fact]
    public async Task console_pages_carry_a_strict_content_security_policy_and_no_bearer_token_opens_them()
    {
        using var client = new HttpClient { BaseAddress = Service.Address };
        var signIn = await client.GetAsync("/console/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var policy = string.Join(";", signIn.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("<script>", await signIn.Content.ReadAsStringAsync());

        var token = await Service.ClientAs(Ledger.CommandSettings, "support");
        var withToken = await token.GetAsync($"/console/device?imei={TestImei.Next()}");
        Assert.Contains("/console/sign-in", withToken.RequestMessage!.RequestUri!.ToString());
    }
}
