using System.Text.Json;
using Microsoft.Playwright;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.WebConsole;

/// <summary>
/// axe-core run in a page (ops/test installs it under ops/axe): the violations of serious or critical impact, each
/// with its rule and the elements it found. Injected into a context that bypasses the page's Content-Security-Policy,
/// which allows no script but the console's own.
/// </summary>
public static class Accessibility
{
    private static readonly string Axe = Path.Combine(Tool.RepositoryRoot(), "ops", "axe", "node_modules", "axe-core", "axe.min.js");

    public static async Task<List<string>> SeriousViolations(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = Axe });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join('; ') + ')')");
        return result.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
