using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices.Enforcing;

/// <summary>
/// A restriction with a grace period: the first observation warns, the owner's notice goes out through the outbox
/// (retried with back-off, each attempt recorded), and the lock follows when the grace period ends only if the device
/// is still there; across a restart of the service, once.
/// </summary>
[Trait("speed", "slow")]
public sealed class GracePeriodTests : IAsyncLifetime
{
    private NoticeReceiver _receiver = null!;
    private ConfiguredLedger _ledger = null!;
    private string _secretFile = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NoticeReceiver.Start(failures: 2);
        _secretFile = Path.Combine(Directory.CreateTempSubdirectory("regionlock-notices-").FullName, "webhook.secret");
        await File.WriteAllTextAsync(_secretFile, _receiver.Secret);
        _ledger = new ConfiguredLedger("ledger_grace_tests", Settings());
        await _ledger.InitializeAsync();
        await Restrict(_ledger.Client);
    }

    private (string, string)[] Settings() =>
    [
        ("Notices:WebhookUrl", _receiver.Url.ToString()), ("Notices:SecretFile", _secretFile),
        ("Notices:RetrySeconds", "1"), ("Notices:MaxAttempts", "5"),
    ];

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private static async Task Restrict(HttpClient client) =>
        await (await client.Post("/api/policy/restrictions", new
        {
            region = "SO", legalBasis = "31 CFR 551", reason = "sanctions, owners warned first", gracePeriodDays = 1,
            effectiveFrom = DateTimeOffset.UtcNow.AddDays(-3),
        })).Read<JsonElement>(HttpStatusCode.Created);

    /// <summary>An observation whose one-day grace period ends <paramref name="endsIn"/> from now.</summary>
    private static async Task ObserveEnding(HttpClient client, string imei, string region, TimeSpan endsIn) =>
        await (await client.Post($"/api/devices/{imei}/observations",
            new { region, signal = "gps", observedAt = DateTimeOffset.UtcNow.AddDays(-1) + endsIn })).Read<object>();

    /// <summary>The notice of the device's one warning, once its first attempt is recorded.</summary>
    private async Task<JsonElement?> Notice(string imei) =>
        (await (await _ledger.Client.GetAsync($"/api/devices/{imei}/notices")).Read<JsonElement>()).EnumerateArray()
            .Select(n => (JsonElement?)n).SingleOrDefault();

    private static async Task<List<JsonElement>> Events(HttpClient client, string imei, string type) =>
        (await new DeviceApi(client).History(imei)).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == type).ToList();

    [Fact]
    public async Task the_owner_is_warned_with_retried_signed_notices_and_the_device_locked_when_the_grace_ends()
    {
        var api = new DeviceApi(_ledger.Client);
        var imei = await api.Register();

        await ObserveEnding(_ledger.Client, imei, "SO", TimeSpan.FromSeconds(8));

        var warned = Assert.Single(await Events(_ledger.Client, imei, "device_warned"));
        Assert.Empty((await api.State(imei)).ActiveLocks);
        Assert.Single((await api.State(imei)).PendingWarnings);
        await Eventually.Until(async () => await Notice(imei) is { } notice && notice.GetProperty("deliveredAt").ValueKind != JsonValueKind.Null,
                               "the notice delivered", 60);
        var attempts = (await Notice(imei))!.Value.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.All(attempts.Take(2), a => Assert.NotEqual(JsonValueKind.Null, a.GetProperty("retryAt").ValueKind));
        Assert.Equal(204, attempts[2].GetProperty("status").GetInt32());
        var delivered = _receiver.Deliveries.Last();
        Assert.True(_receiver.IsAuthentic(delivered), "the notice's Standard Webhooks signature checks out");
        Assert.Contains(imei, delivered.Body);
        Assert.Equal(3, _receiver.Deliveries.Count(d => d.Id == delivered.Id));

        await Eventually.Until(async () => (await api.State(imei)).ActiveLocks.Count == 1, "the lock at the grace period's end", 60);
        var locked = Assert.Single(await Events(_ledger.Client, imei, "device_locked"));
        Assert.Contains(warned.GetProperty("data").GetProperty("warningId").GetString()!, locked.GetProperty("reason").GetString());
        Assert.Equal("regionlock-ledger", locked.GetProperty("principal").GetString());
        Assert.Empty((await api.State(imei)).PendingWarnings);
    }

    [Fact]
    public async Task a_device_seen_elsewhere_before_the_grace_ends_is_not_locked()
    {
        var api = new DeviceApi(_ledger.Client);
        var imei = await api.Register();
        await ObserveEnding(_ledger.Client, imei, "SO", TimeSpan.FromSeconds(5));
        await api.Observe(imei, "KE", DateTimeOffset.UtcNow);

        await Eventually.Until(async () => (await Events(_ledger.Client, imei, "device_warning_lapsed")).Count == 1, "the warning lapsing", 60);

        var lapsed = Assert.Single(await Events(_ledger.Client, imei, "device_warning_lapsed"));
        Assert.Equal("left_region", lapsed.GetProperty("data").GetProperty("reason").GetString());
        Assert.Empty((await api.State(imei)).ActiveLocks);
        Assert.Empty(await Events(_ledger.Client, imei, "device_locked"));
    }

    [Fact]
    public async Task the_lock_happens_once_after_the_service_restarts_within_the_grace_period()
    {
        var connection = await TestDatabase.EnsureCreated("ledger_grace_restart_tests");
        string imei;
        await using (var first = await LedgerFixture.StartService(connection, Settings()))
        {
            await TestDatabase.Wipe(first, connection);
            var client = first.ClientAs();
            await Restrict(client);
            imei = await new DeviceApi(client).Register();
            await ObserveEnding(client, imei, "SO", TimeSpan.FromSeconds(10));
            Assert.Single(await Events(client, imei, "device_warned"));
        }

        await using var second = await LedgerFixture.StartService(connection, Settings());
        var api = new DeviceApi(second.ClientAs());
        await Eventually.Until(async () => (await api.State(imei)).ActiveLocks.Count == 1, "the lock after the restart", 90);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Single(await Events(second.ClientAs(), imei, "device_locked"));
    }
}
