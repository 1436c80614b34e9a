using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// The integrity page's witnesses, run as outside parties run them: how far each has cosigned, and its latest answer
/// to this node, one of them stopped.
/// </summary>
[Collection(IntegrityCollection.Name)]
[Trait(Speed.Trait, Speed.Slow)]
public sealed class WitnessedIntegrityPageTests(IntegrityFixture ledger) : ConsoleBrowser(ledger)
{
    private WitnessedLog _log = null!;

    protected override IReadOnlyDictionary<string, string?> ServiceSettings =>
        _log.Settings.ToDictionary(setting => setting.Key, string? (setting) => setting.Value);

    public override async Task InitializeAsync()
    {
        _log = await WitnessedLog.Start("ledger.test/console", "witness.test");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _log.DisposeAsync();
    }

    /// <summary>
    /// Registers devices; the service signs a checkpoint over every event (its first also records its keys, events
    /// too) and publishes it once two witnesses cosigned: the page shows the ledger's whole size.
    /// </summary>
    private async Task<long> Published(IPage page, int devices)
    {
        var api = new DeviceApi(Ledger.Client);
        for (var i = 0; i < devices; i++) await api.Register();
        for (var tries = 0; tries < 60; tries++)
        {
            await page.GotoAsync("/console/integrity");
            var size = await Ledger.CountEvents();
            // No checkpoint published yet shows no tree size: read what is there without waiting for it.
            if ((await page.Locator("#tree-size").AllTextContentsAsync()).SequenceEqual([size.ToString()])) return size;
            await Task.Delay(500);
        }
        throw new TimeoutException($"no checkpoint over all {await Ledger.CountEvents()} events was published");
    }

    private static ILocator Row(IPage page, string witness) =>
        page.Locator("#witnesses tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = witness, Exact = true }) });

    [Fact]
    public async Task an_auditor_sees_how_far_each_witness_cosigned_and_the_answer_of_one_that_stopped()
    {
        var page = await SignedIn("auditor@test", "auditor");
        var first = await Published(page, 3);
        foreach (var witness in _log.Witnesses)
            await Assertions.Expect(Row(page, witness.Name)).ToContainTextAsync($"cosigned for size {first} at");

        _log.Witnesses[2].Stop();
        var second = await Published(page, 2);

        foreach (var witness in _log.Witnesses[..2])
        {
            await Assertions.Expect(Row(page, witness.Name).Locator("td").Nth(1)).ToHaveTextAsync(second.ToString());
            await Assertions.Expect(Row(page, witness.Name)).ToContainTextAsync($"cosigned for size {second} at");
        }
        var stopped = Row(page, _log.Witnesses[2].Name);
        await Assertions.Expect(stopped.Locator("td").Nth(1)).ToHaveTextAsync(first.ToString());
        await Assertions.Expect(stopped).ToContainTextAsync($"unreachable: ");
        await Assertions.Expect(stopped).ToContainTextAsync($"for size {second} at");
        await Checked(page, "integrity-witnesses");
    }
}
