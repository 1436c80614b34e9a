using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.IntegrationTests.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Reports;
using Snapshooter.Xunit;

namespace RegionLock.Ledger.IntegrationTests.Reports;

/// <summary>Signed export bundles: byte-identical on re-runs, checked by openssl, and any changed byte is caught.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class ExportTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private DateTimeOffset _knownAt;

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ReportScenario.Seed(ledger.Store);
        await ledger.ChainCaughtUp();
        _knownAt = DateTimeOffset.UtcNow;
        await Task.Delay(20);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private ExportBundle Bundle => ledger.Host.Services.GetRequiredService<ExportBundle>();

    private ReportRequest Request => ReportRequest.Parse("2021-09-01T00:00:00Z", "2021-12-01T00:00:00Z", null,
                                                         _knownAt.ToString("O"), DateTimeOffset.UtcNow);

    [Fact]
    public async Task the_same_export_is_the_same_bytes_also_after_later_events()
    {
        var first = await Bundle.Files("lock-register", Request);
        var again = await Bundle.Files("lock-register", Request);
        await new DeviceApi(ledger.Client).Register();
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        var later = await Bundle.Files("lock-register", Request);

        Assert.Equal(first.Keys, later.Keys);
        foreach (var (name, bytes) in first)
        {
            Assert.Equal(bytes, again[name]);
            Assert.True(bytes.AsSpan().SequenceEqual(later[name]), $"{name} changed after later events");
        }
        var known = await ledger.Scalar($"select count(*) from ledger.mt_events where timestamp <= '{_knownAt:O}'");
        Assert.Contains($"\"count\": {known}", System.Text.Encoding.UTF8.GetString(first["manifest.json"]));
    }

    // What a run cannot fix: the checkpoint (its hashes cover recording times and event ids), sequence numbers, and
    // the keys (generated per machine). The report files' hashes, the period and the counts are pinned.
    [Fact]
    public async Task the_manifest_matches_its_reviewed_snapshot()
    {
        var everything = ReportRequest.Parse("2021-09-01T00:00:00Z", "2021-12-01T00:00:00Z", null, "2100-01-01T00:00:00Z",
                                             DateTimeOffset.UtcNow);
        var manifest = (await Bundle.Files("lock-register", everything))["manifest.json"];

        Snapshot.Match(System.Text.Encoding.UTF8.GetString(manifest), options => options
            .IgnoreField("events.firstSequence").IgnoreField("events.lastSequence")
            .IgnoreField("checkpoint").IgnoreField("signature.keyId")
            .IgnoreField("files[0].sha256").IgnoreField("files[1].sha256").IgnoreField("files[2].sha256")
            .IgnoreField("files[1].bytes").IgnoreField("files[2].bytes").IgnoreField("files[5].sha256"));
    }

    [Fact]
    public async Task a_bundle_verifies_and_one_changed_byte_in_any_file_fails_it()
    {
        var folder = Directory.CreateTempSubdirectory("export-").FullName;
        await Bundle.Write(folder, "lock-register", Request, null, CancellationToken.None);
        var key = await ledger.Host.Services.GetRequiredService<RegionLock.Ledger.Integrity.Keys.KeyHistory>().Read(CancellationToken.None);
        Assert.Null(ExportVerification.FirstProblem(folder, key));

        foreach (var file in Directory.GetFiles(folder))
        {
            var original = await File.ReadAllBytesAsync(file);
            var changed = (byte[])original.Clone();
            changed[changed.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(file, changed);
            Assert.NotNull(ExportVerification.FirstProblem(folder, key));
            await File.WriteAllBytesAsync(file, original);
        }
        Assert.Null(ExportVerification.FirstProblem(folder, key));
    }

    [Fact]
    public async Task a_client_that_asks_for_a_zip_gets_one()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/exports")
        {
            Content = JsonContent.Create(new { report = "lock-register", from = "2021-09-01", to = "2021-12-01", recipient = "regulator", purpose = "quarterly list" }),
        };
        request.Headers.Accept.ParseAdd("application/zip");

        var response = await ledger.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task openssl_verifies_the_manifest_signature()
    {
        Skip.IfNot(OpenSsl.IsInstalled(), "openssl is not installed: the signature was not checked with it");
        var folder = Directory.CreateTempSubdirectory("export-").FullName;
        await Bundle.Write(folder, "appeal-outcomes", Request, null, CancellationToken.None);

        var verified = OpenSsl.Run("pkeyutl", "-verify", "-pubin", "-inkey", Path.Combine(folder, "public.pem"), "-rawin",
                                   "-in", Path.Combine(folder, "manifest.json"), "-sigfile", Path.Combine(folder, "manifest.sig"));

        Assert.Equal((0, "Signature Verified Successfully"), verified);
    }

    [Fact]
    public async Task the_api_answers_the_same_archive_twice()
    {
        var body = new { report = "unlock-latency", from = "2021-09-01T00:00:00Z", to = "2021-12-01T00:00:00Z", asKnownAt = _knownAt.ToString("O"), recipient = "regulator", purpose = "quarterly list" };

        var first = await (await ledger.Client.Post("/api/exports", body)).Content.ReadAsByteArrayAsync();
        var second = await ledger.Client.Post("/api/exports", body);

        Assert.Equal("application/zip", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first, await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public Task an_export_of_no_such_report_is_a_400_problem() =>
        ledger.RefusesInvalid("/api/exports", """{"report":"everything","from":"2021-09-01T00:00:00Z","to":"2021-12-01T00:00:00Z"}""", "report");

    [Fact]
    public async Task an_export_with_a_malformed_period_is_a_400_problem() =>
        await (await ledger.Client.Post("/api/exports", new { report = "lock-register", from = "2021-12-01T00:00:00Z", to = "2021-09-01T00:00:00Z" }))
            .Problem(HttpStatusCode.BadRequest);
}
