using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Published checkpoints time-stamped by an RFC 3161 authority made with `openssl ts`; `openssl ts -verify` accepts
/// each stored reply, and verification names a published checkpoint left without one.
/// </summary>
public sealed class TimestampTests : IAsyncLifetime
{
    private OpensslTimestampAuthority _authority = null!;
    private ConfiguredLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _authority = await OpensslTimestampAuthority.Start();
        _ledger = new ConfiguredLedger("ledger_timestamp_tests",
            [("Integrity:TimestampAuthorityUrl", _authority.Url.ToString()), ("Integrity:TimestampDeadlineSeconds", "1")]);
        await _ledger.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private async Task<SignedCheckpoint> PublishAndStamp(int devices)
    {
        var api = new DeviceApi(_ledger.Client);
        for (var i = 0; i < devices; i++) await api.Register();
        await _ledger.ChainCaughtUp();
        var published = await _ledger.Publish();
        await _ledger.Host.Services.GetRequiredService<Timestamping>().StampAsync(CancellationToken.None);
        return published!;
    }

    [Fact]
    public async Task openssl_verifies_each_stored_time_stamp_against_the_note_it_covers()
    {
        foreach (var devices in new[] { 3, 2 })
        {
            var published = await PublishAndStamp(devices);

            var reply = await _ledger.Client.GetAsync($"/api/integrity/log/timestamps/{published.Size}");
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal("application/timestamp-reply", reply.Content.Headers.ContentType?.MediaType);
            var note = await _ledger.Client.GetByteArrayAsync($"/api/integrity/log/timestamps/{published.Size}/note");
            Assert.Equal(Encoding.UTF8.GetBytes(published.Note), note);
            var (exitCode, output) = await _authority.Verify(await reply.Content.ReadAsByteArrayAsync(), note);
            Assert.True(exitCode == 0, output);
            Assert.Contains("Verification: OK", output);
            var (otherData, _) = await _authority.Verify(await reply.Content.ReadAsByteArrayAsync(), [.. note, (byte)'\n']);
            Assert.NotEqual(0, otherData);
        }
    }

    [Fact]
    public async Task a_published_checkpoint_left_without_a_time_stamp_is_a_finding_of_its_own()
    {
        var stamped = await PublishAndStamp(2);
        await _authority.Stop();
        var unstamped = await PublishAndStamp(2);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var report = await _ledger.Verify();

        var finding = Assert.Single(report.Findings);
        Assert.Equal("timestamp_missing", finding.Kind);
        Assert.Contains($"checkpoint {unstamped.Size}", finding.Detail);
        Assert.DoesNotContain($"checkpoint {stamped.Size},", finding.Detail);
        await _ledger.Refuses(HttpStatusCode.NotFound, () => _ledger.Client.GetAsync($"/api/integrity/log/timestamps/{unstamped.Size}"));
    }
}
