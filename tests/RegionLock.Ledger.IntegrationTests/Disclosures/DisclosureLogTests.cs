using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Disclosures;

/// <summary>
/// Every report download and export is recorded on the disclosures stream — who, in which role, what, as known when,
/// the bytes' hash, and for exports to whom and why — from the API and the CLI alike; an export re-run from its record
/// is the same bytes.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class DisclosureLogTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private string _knownAt = "";

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ReportScenario.Seed(ledger.Store);
        await ledger.ChainCaughtUp();
        _knownAt = DateTimeOffset.UtcNow.ToString("O");
        await Task.Delay(20);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private object Body(string recipient = "telecom regulator") => new
    {
        report = "lock-register", from = "2021-09-01", to = "2021-12-01", region = "IR", asKnownAt = _knownAt, recipient,
        purpose = "quarterly lock list",
    };

    private async Task<List<JsonElement>> Disclosures(HttpClient? client = null) =>
        (await (await (client ?? ledger.Client).GetAsync("/api/disclosures")).Read<JsonElement>())
        .GetProperty("disclosures").EnumerateArray().ToList();

    [Fact]
    public async Task an_export_is_recorded_with_its_recipient_purpose_parameters_and_manifest_hash()
    {
        var client = ledger.Host.ClientAs("officer.c@test", "compliance");

        var bundle = await client.Export(Body());

        var recorded = Assert.Single(await Disclosures());
        Assert.Equal(bundle.DisclosureId, recorded.GetProperty("id").GetGuid());
        Assert.Equal("export", recorded.GetProperty("kind").GetString());
        Assert.Equal("lock-register", recorded.GetProperty("report").GetString());
        Assert.Equal(bundle.ManifestSha256, recorded.GetProperty("sha256").GetString());
        Assert.Equal(("telecom regulator", "quarterly lock list"), (recorded.GetProperty("recipient").GetString(), recorded.GetProperty("purpose").GetString()));
        Assert.Equal(("officer.c@test", "compliance"), (recorded.GetProperty("principal").GetString(), recorded.GetProperty("role").GetString()));
        var request = recorded.GetProperty("request");
        Assert.Equal(DateTimeOffset.Parse(_knownAt), request.GetProperty("asKnownAt").GetDateTimeOffset());
        Assert.Equal(("IR", new DateTimeOffset(2021, 9, 1, 0, 0, 0, TimeSpan.Zero)),
                     (request.GetProperty("region").GetString(), request.GetProperty("from").GetDateTimeOffset()));
        Assert.Equal(recorded.GetRawText(), (await ledger.Get($"/api/disclosures/{bundle.DisclosureId}")).GetRawText());
    }

    [Fact]
    public async Task a_report_download_is_recorded_with_the_hash_of_its_bytes()
    {
        var auditor = ledger.Host.ClientAs("auditor@test", "auditor");

        var bytes = await (await auditor.GetAsync($"/api/reports/locks-by-region?{ReportScenario.Period}&format=json&asKnownAt={Uri.EscapeDataString(_knownAt)}"))
            .Content.ReadAsByteArrayAsync();

        var recorded = Assert.Single(await Disclosures(auditor));
        Assert.Equal(("report", "locks-by-region", "json"), (recorded.GetProperty("kind").GetString(),
            recorded.GetProperty("report").GetString(), recorded.GetProperty("format").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), recorded.GetProperty("sha256").GetString());
        Assert.Equal(("auditor@test", "auditor"), (recorded.GetProperty("principal").GetString(), recorded.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task an_export_reproduced_from_its_record_is_the_same_bytes_after_later_events()
    {
        var bundle = await ledger.Client.Export(Body());
        await ledger.RegisterAndSign(3);

        var again = await ExportApi.Bundle(await ledger.Client.PostAsync($"/api/disclosures/{bundle.DisclosureId}/reproduction", null));

        Assert.Equal(bundle.Zip, again.Zip);
        var reproduction = (await Disclosures()).Single(d => d.GetProperty("id").GetGuid() == again.DisclosureId);
        Assert.Equal($"reproduction of disclosure {bundle.DisclosureId}", reproduction.GetProperty("purpose").GetString());
    }

    [Fact]
    public async Task a_cli_export_is_recorded_as_the_operator_names_it_and_reproduces_the_same_bytes()
    {
        var folder = Directory.CreateTempSubdirectory("regionlock-cli-export-").FullName;

        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings,
            "export", "lock-register", "--from", "2021-09-01", "--to", "2021-12-01", "--region", "IR", "--as-known-at", _knownAt,
            "--recipient", "court of Vienna", "--purpose", "case 12 Cg 34/26", "--by", "clerk@test", "--out", folder);

        Assert.True(exitCode == 0, output + errors);
        var recorded = Assert.Single(await Disclosures());
        Assert.Equal(("court of Vienna", "case 12 Cg 34/26", "clerk@test"), (recorded.GetProperty("recipient").GetString(),
            recorded.GetProperty("purpose").GetString(), recorded.GetProperty("principal").GetString()));
        var manifest = await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(manifest)), recorded.GetProperty("sha256").GetString());
        var again = await ExportApi.Bundle(await ledger.Client.PostAsync($"/api/disclosures/{recorded.GetProperty("id").GetGuid()}/reproduction", null));
        Assert.Equal(manifest, again.File("manifest.json"));
    }

    [Fact]
    public async Task a_cli_export_without_recipient_or_purpose_is_refused_and_records_nothing()
    {
        var before = await ledger.CountEvents();

        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings,
            "export", "lock-register", "--from", "2021-09-01", "--to", "2021-12-01", "--out", Directory.CreateTempSubdirectory().FullName);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("'Recipient' must not be empty", output + errors);
        Assert.Equal(before, await ledger.CountEvents());
    }

    [Fact]
    public Task an_export_without_a_recipient_is_a_400_naming_it() =>
        ledger.RefusesInvalid("/api/exports", """{"report":"lock-register","from":"2021-09-01","to":"2021-12-01","purpose":"list"}""", "recipient");

    [Fact]
    public async Task support_may_not_read_the_disclosure_log() =>
        await ledger.Refuses(HttpStatusCode.Forbidden, () => ledger.Host.ClientAs("agent@test", "support").GetAsync("/api/disclosures"));

    [Fact]
    public async Task reproducing_a_disclosure_the_ledger_does_not_hold_is_a_404() =>
        await ledger.Refuses(HttpStatusCode.NotFound, () => ledger.Client.PostAsync($"/api/disclosures/{Guid.NewGuid()}/reproduction", null));
}
