using RegionLock.Ledger.Infrastructure;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>Each event of a device's timeline checked in the browser against the latest signed checkpoint.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class ProofTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    [Fact]
    public async Task every_event_of_a_timeline_is_verified_against_the_latest_checkpoint()
    {
        var devices = new DeviceApi(Ledger.Client);
        var imei = await devices.Register();
        await devices.Lock(imei, "SY", "seen in Syria");
        var checkpoint = await Ledger.Publish();
        var page = await SignedIn("auditor@test", "auditor");

        await page.GotoAsync($"/console/device?imei={imei}");

        var proofs = page.Locator("#timeline td.proof");
        await Assertions.Expect(proofs).ToHaveCountAsync(2);
        foreach (var proof in await proofs.AllAsync())
            await Assertions.Expect(proof).ToHaveTextAsync($"verified against checkpoint {checkpoint!.Size}");
        await Checked(page, "device-proofs-verified");
    }

    [Fact]
    public async Task an_event_edited_behind_the_ledgers_back_is_shown_as_a_failed_proof()
    {
        var devices = new DeviceApi(Ledger.Client);
        var imei = await devices.Register();
        await devices.Lock(imei, "SY", "seen in Syria");
        await Ledger.Publish();
        var sequences = await Ledger.Sequences();
        await Ledger.Sql($"update {LedgerSchema.EventTable} set data = jsonb_set(data, '{{model}}', '\"Other\"') where seq_id = {sequences[0]}");
        var page = await SignedIn("auditor@test", "auditor");

        await page.GotoAsync($"/console/device?imei={imei}");

        await Assertions.Expect(page.Locator($"#event-{sequences[0]} td.proof")).ToHaveTextAsync("failed: the inclusion proof does not lead to the checkpoint's root");
        await Assertions.Expect(page.Locator($"#event-{sequences[1]} td.proof")).ToContainTextAsync("verified against checkpoint");
        await Checked(page, "device-proof-failed");
    }

    [Fact]
    public async Task a_receipt_altered_on_its_way_is_shown_as_a_failure()
    {
        var devices = new DeviceApi(Ledger.Client);
        var imei = await devices.Register();
        await Ledger.Publish();
        var page = await SignedIn("auditor@test", "auditor");
        // The receipt as a man in the middle would alter it: another root in the checkpoint, signature kept.
        await page.RouteAsync("**/api/integrity/log/proof/*", async route =>
        {
            var original = await route.FetchAsync();
            var lines = (await original.TextAsync()).Split('\n');
            var blank = Array.IndexOf(lines, "");
            lines[blank + 3] = Convert.ToBase64String(new byte[32]);
            await route.FulfillAsync(new() { Response = original, Body = string.Join('\n', lines) });
        });

        await page.GotoAsync($"/console/device?imei={imei}");

        await Assertions.Expect(page.Locator("#timeline td.proof").First).ToContainTextAsync("failed:");
    }
}
