using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.IntegrationTests.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>
/// Delta exports: a full export, then each month only the rows added, removed and changed since the one before; the
/// chain applied to the full export gives the full export of the latest instant byte for byte, and verifies.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class DeltaExportTests(IntegrityFixture ledger) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ReportScenario.Seed(ledger.Store);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Body(string asKnownAt, string? since = null, string report = "lock-register") => new
    {
        report, from = "2021-01-01", to = "2022-01-01", asKnownAt, since, recipient = "telecom regulator", purpose = "monthly lock list",
    };

    /// <summary>The instant after everything appended so far, once the chain covers it.</summary>
    private async Task<string> Now()
    {
        await ledger.ChainCaughtUp();
        var now = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        return now.ToString("O");
    }

    private async Task Append(Action<Marten.IDocumentSession> append)
    {
        await using var session = ledger.Store.LightweightSession();
        append(session);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task a_chain_of_three_monthly_deltas_gives_the_full_export_of_the_last_month()
    {
        var full = await ledger.Client.Export(Body(await Now()));
        var bundles = new List<ExportedBundle> { full };

        // October: a new lock. November: a lock of September lifted. December: another lock.
        await Append(session => ReportScenario.Lifecycle(session, 10, "IR", ReportScenario.T.AddDays(30), null, null, null));
        bundles.Add(await ledger.Client.Export(Body(await Now(), bundles[^1].ManifestSha256)));
        await Append(session => session.Events.Append(ReportScenario.Imei(3),
            new DeviceUnlocked(ReportScenario.Imei(3), ReportScenario.Id(3), UnlockReason.ErrorCorrection, null, null, ReportScenario.T.AddDays(50))));
        bundles.Add(await ledger.Client.Export(Body(await Now(), bundles[^1].ManifestSha256)));
        await Append(session => ReportScenario.Lifecycle(session, 11, "KP", ReportScenario.T.AddDays(20), 4, UnlockReason.AppealGranted, null));
        var latest = await Now();
        bundles.Add(await ledger.Client.Export(Body(latest, bundles[^1].ManifestSha256)));
        var expected = await ledger.Client.Export(Body(latest));

        var keys = await ledger.Host.Services.GetRequiredService<RegionLock.Ledger.Integrity.Keys.KeyHistory>().Read(CancellationToken.None);
        var chain = ExportChain.Check(bundles.Select(b => b.Folder).ToList(), keys);

        Assert.Null(chain.Problem);
        Assert.Equal(expected.File("lock-register.csv"), chain.FullCsv);
        Assert.Equal([(1, 0, 0), (0, 0, 1), (1, 0, 0)], bundles.Skip(1).Select(Counts));
        var changed = System.Text.Encoding.UTF8.GetString(bundles[2].File("lock-register-delta.csv"));
        Assert.Contains($"changed,", changed);
        Assert.Contains(ReportScenario.Imei(3), changed);

        // The same chain as the auditor's command checks it, and writes the full CSV it leads to.
        var output = Path.Combine(Directory.CreateTempSubdirectory("regionlock-chain-").FullName, "full.csv");
        var (exitCode, text, errors) = await ServiceProcess.Run(ledger.CommandSettings,
            ["verify", "--export", .. bundles.Select(b => b.Folder), "--out", output]);
        Assert.True(exitCode == 0, text + errors);
        Assert.Equal(expected.File("lock-register.csv"), await File.ReadAllBytesAsync(output));
    }

    private static (int, int, int) Counts(ExportedBundle bundle)
    {
        var delta = JsonDocument.Parse(bundle.File("manifest.json")).RootElement.GetProperty("delta");
        return (delta.GetProperty("added").GetInt32(), delta.GetProperty("removed").GetInt32(), delta.GetProperty("changed").GetInt32());
    }

    [Fact]
    public async Task a_chain_out_of_order_or_with_a_changed_delta_does_not_verify()
    {
        var full = await ledger.Client.Export(Body(await Now()));
        await Append(session => ReportScenario.Lifecycle(session, 10, "IR", ReportScenario.T.AddDays(30), null, null, null));
        var first = await ledger.Client.Export(Body(await Now(), full.ManifestSha256));
        await Append(session => ReportScenario.Lifecycle(session, 11, "IR", ReportScenario.T.AddDays(31), null, null, null));
        var second = await ledger.Client.Export(Body(await Now(), first.ManifestSha256));
        var keys = await ledger.Host.Services.GetRequiredService<RegionLock.Ledger.Integrity.Keys.KeyHistory>().Read(CancellationToken.None);

        Assert.Contains("its base is manifest", ExportChain.Check([full.Folder, second.Folder, first.Folder], keys).Problem);
        Assert.Contains("starts with a full export", ExportChain.Check([first.Folder, second.Folder], keys).Problem);
        var delta = Path.Combine(second.Folder, "lock-register-delta.csv");
        await File.WriteAllTextAsync(delta, (await File.ReadAllTextAsync(delta)).Replace("added", "removed"));
        Assert.Contains("differs from the file the manifest lists", ExportChain.Check([full.Folder, first.Folder, second.Folder], keys).Problem);
    }

    [Fact]
    public async Task since_naming_no_export_of_the_ledger_is_a_404_and_records_nothing() =>
        Assert.Contains("no export in the disclosure log",
            (await ledger.Refuses(HttpStatusCode.NotFound, () => ledger.Client.Post("/api/exports", Body(DateTimeOffset.UtcNow.ToString("O"), new string('a', 64)))))
            .GetProperty("detail").GetString());

    [Fact]
    public async Task since_naming_an_export_of_another_report_is_a_400_and_records_nothing()
    {
        var timeline = await ledger.Client.Export(Body(await Now(), report: "policy-timeline"));

        var problem = await ledger.Refuses(HttpStatusCode.BadRequest,
            () => ledger.Client.Post("/api/exports", Body(DateTimeOffset.UtcNow.ToString("O"), timeline.ManifestSha256)));

        Assert.Contains("an export of policy-timeline, not of lock-register", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public Task since_that_is_not_a_sha256_is_a_400_naming_it() =>
        ledger.RefusesInvalid("/api/exports", JsonSerializer.Serialize(Body("2100-01-01T00:00:00Z", "not-a-hash"), JsonSerializerOptions.Web), "since");
}
