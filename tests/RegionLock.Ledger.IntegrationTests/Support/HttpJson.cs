using System.Net;
using System.Text;
using System.Text.Json;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>Requests as a client sends them, and the assertions every response of the API must meet.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object body,
                                                 params (string Name, string Value)[] headers) =>
        client.PostRaw(url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), headers);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body,
                                                    params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>Asserts an RFC 9457 problem document with the status, and returns it.</summary>
    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        // A problem speaks of the request, never of the service's .NET types: every problem the suites provoke is read.
        Assert.DoesNotMatch(@"\b(RegionLock|System|Microsoft|JasperFx|Wolverine|Marten|Weasel|Npgsql)\.\w", body);
        return problem;
    }
}
