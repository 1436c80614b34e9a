using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// Has each published checkpoint time-stamped by the RFC 3161 authority at Integrity:TimestampAuthorityUrl: the
/// token's message imprint is the SHA-256 of the checkpoint's note as the log signed it (what
/// /api/integrity/log/timestamps/{size}/note serves), so `openssl ts -verify -data` checks it against the
/// authority's certificate. A token proves the tree, and every event in it, existed by the authority's time, whoever
/// holds the ledger's keys. The 64 latest publications are retried until stamped; an older one left unstamped (the
/// authority away longer) is what verification reports as timestamp_missing.
/// </summary>
public sealed class Timestamping(LogStore store, IHttpClientFactory http, TimeProvider clock,
                                 IOptions<IntegritySettings> settings, ILogger<Timestamping> log)
{
    public const string HttpClientName = "timestamps";
    private const int Retried = 64;

    public async Task StampAsync(CancellationToken cancellation)
    {
        if (settings.Value.TimestampAuthorityUrl is not { Length: > 0 } authority) return;
        foreach (var checkpoint in await store.Unstamped(Retried, cancellation))
        {
            try
            {
                var reply = await Request(authority, Encoding.UTF8.GetBytes(checkpoint.Note), cancellation);
                await store.AddTimestamp(checkpoint.Size, authority, reply, clock.GetUtcNow(), cancellation);
            }
            catch (Exception e) when (e is HttpRequestException or CryptographicException or TaskCanceledException
                                      && !cancellation.IsCancellationRequested)
            {
                log.LogWarning("checkpoint {Size} not time-stamped yet: {Reason}", checkpoint.Size, e.Message);
                return;
            }
        }
    }

    /// <summary>
    /// Sends a TimeStampReq (SHA-256 imprint, a nonce, the signer's certificate asked for) and returns the
    /// TimeStampResp once .NET has checked that it grants a token for this very request. .NET's RFC 3161 classes,
    /// not a hand-written encoder.
    /// </summary>
    private async Task<byte[]> Request(string authority, byte[] data, CancellationToken cancellation)
    {
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256,
                                                             nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
        var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await http.CreateClient(HttpClientName).PostAsync(authority, content, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the authority answered {(int)response.StatusCode}");
        var reply = await response.Content.ReadAsByteArrayAsync(cancellation);
        request.ProcessResponse(reply, out _);
        return reply;
    }
}
