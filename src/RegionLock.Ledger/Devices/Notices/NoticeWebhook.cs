using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Devices.Notices;

/// <summary>The answer of one delivery attempt: delivered with a 2xx status, or why not.</summary>
public sealed record NoticeAttempt(bool Delivered, int? Status, string? Error);

/// <summary>Posts an owner's notice to Notices:WebhookUrl, signed per Standard Webhooks.</summary>
public sealed class NoticeWebhook(IHttpClientFactory clients, IOptions<NoticeSettings> settings, IHostEnvironment environment,
                                  TimeProvider clock)
{
    public const string HttpClientName = "notices";

    private readonly Lazy<string> _secret = new(() => KeyFiles.Configured(settings.Value.SecretFile,
        settings.Value.CreateDevelopmentSecret, environment, "notice-webhook.secret", StandardWebhook.NewSecret,
        "Notices:SecretFile").Key.Trim());

    public async Task<NoticeAttempt> Deliver(SendNotice notice, CancellationToken cancellation)
    {
        if (settings.Value.WebhookUrl is not { } url) return new NoticeAttempt(false, null, "Notices:WebhookUrl is not set");
        var now = clock.GetUtcNow();
        var body = JsonSerializer.Serialize(new
        {
            type = "device.warned",
            timestamp = now,
            data = new { notice.Imei, notice.WarningId, notice.Region, notice.PolicyVersion, notice.LockDueAt },
        }, JsonSerializerOptions.Web);
        // The id is the warning's: a receiver that sees it twice (a retry after a lost answer) knows it is one notice.
        var id = notice.WarningId.ToString();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(StandardWebhook.IdHeader, id);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(_secret.Value, id, timestamp, body));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellation);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new NoticeAttempt(true, status, null)
                                                 : new NoticeAttempt(false, status, $"the webhook answered {status}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new NoticeAttempt(false, null, e.Message);
        }
    }
}
