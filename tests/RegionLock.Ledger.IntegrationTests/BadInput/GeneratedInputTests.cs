using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using RegionLock.Ledger.IntegrationTests.Support;
using Xunit.Abstractions;

namespace RegionLock.Ledger.IntegrationTests.BadInput;

/// <summary>
/// Thousands of generated requests at every write endpoint: none may fail the server, every refusal is a problem
/// document, and a refused request appends nothing anywhere.
/// </summary>
[Collection(IncidentCollection.Name)]
[Trait(Speed.Trait, Speed.Slow)]
public sealed class GeneratedInputTests(IncidentFixture ledger, ITestOutputHelper output)
{
    private const int Requests = 2_000;

    private async Task<KnownIds> Known()
    {
        var devices = new DeviceApi(ledger.Client);
        var cases = new CaseApi(ledger.Client);
        var imei = await devices.Register();
        var lockId = (await devices.Lock(imei, "IR")).LockId;
        return new KnownIds(imei, lockId, await cases.FileAppeal(imei, lockId), await cases.OpenInvestigation("CU"));
    }

    private async Task<HttpResponseMessage> Send(HttpClient client, GeneratedRequest generated)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, generated.Url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(generated.Body)) };
        if (generated.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", generated.ContentType);
        foreach (var (name, value) in generated.Headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task no_generated_request_fails_the_server_and_every_refusal_writes_nothing()
    {
        var known = await Known();
        var statuses = new Dictionary<int, int>();

        await GeneratedRequests.For(known).SampleAsync(async generated =>
        {
            var before = await ledger.CountEvents();
            // Settled: whatever an accepted request set off (an enforcement, a bulk unlock) is done before the next count.
            var response = await ledger.Settled(client => Send(client, generated));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(status < 500, $"{status} for {generated}: {body}");
            if (status < 400) return;
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(status, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            Assert.True(before == await ledger.CountEvents(), $"{status} for {generated} appended events");
        }, iter: Requests, threads: 1, print: generated => generated.ToString(), writeLine: output.WriteLine);

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        // The generators reach past validation: some requests are accepted, and refusals come for several reasons.
        Assert.Contains(statuses.Keys, status => status < 300);
        Assert.True(statuses.Keys.Count(status => status >= 400) >= 3, string.Join(", ", statuses.Keys));
    }
}
