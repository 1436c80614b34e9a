using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// An owner-notification system on a loopback port: answers 503 to its first <c>failures</c> deliveries, then 204,
/// and keeps each delivery's headers and body.
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    private int _failuresLeft;
    private WebApplication _http = null!;

    private NoticeReceiver(int failures) => _failuresLeft = failures;

    public Uri Url { get; } = new($"http://127.0.0.1:{ServiceProcess.FreePort()}/notices");

    /// <summary>The shared secret, as Standard Webhooks writes one: whsec_ and the base64 of random bytes.</summary>
    public string Secret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public sealed record Delivery(string? Id, string? Timestamp, string? Signature, string Body, int Answer);

    public static async Task<NoticeReceiver> Start(int failures)
    {
        var receiver = new NoticeReceiver(failures);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(receiver.Url.GetLeftPart(UriPartial.Authority));
        builder.Logging.ClearProviders();
        receiver._http = builder.Build();
        receiver._http.MapPost(receiver.Url.AbsolutePath, async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
            var answer = Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? 503 : 204;
            receiver.Deliveries.Enqueue(new Delivery(request.Headers["webhook-id"], request.Headers["webhook-timestamp"],
                                                     request.Headers["webhook-signature"], body, answer));
            return Results.StatusCode(answer);
        });
        await receiver._http.StartAsync();
        return receiver;
    }

    /// <summary>
    /// Checks a delivery as the Standard Webhooks specification tells a receiver to: the signed content is the id, the
    /// timestamp and the body joined by full stops; the key is the secret's base64 after the whsec_ prefix; the header
    /// holds space-separated "v1,BASE64" signatures, one of which must equal HMAC-SHA256 of the content.
    /// </summary>
    public bool IsAuthentic(Delivery delivery)
    {
        if (delivery.Id is null || delivery.Timestamp is null || delivery.Signature is null) return false;
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}"));
        return delivery.Signature.Split(' ').Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
    }

    public async ValueTask DisposeAsync() => await _http.DisposeAsync();
}
