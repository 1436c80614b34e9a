using System.Net;
using System.Net.Http.Headers;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure.Problems;

/// <summary>
/// Every refusal is an RFC 9457 document in application/problem+json, whatever the client accepts, and says what is
/// wrong with the request in its own terms.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ProblemDocumentTests(LedgerFixture ledger)
{
    public static TheoryData<string> Accepts => ["text/html", "text/csv", "application/zip", "application/xml", "*/*"];

    private static HttpRequestMessage Get(string url, string accept, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Theory, MemberData(nameof(Accepts))]
    public async Task a_request_without_a_token_is_a_401_problem_whatever_it_accepts(string accept)
    {
        using var anonymous = ledger.Host.Server.CreateClient();

        await (await anonymous.SendAsync(Get($"/api/devices/{TestImei.Next()}", accept))).Problem(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Accepts))]
    public async Task an_unknown_device_is_a_404_problem_whatever_the_client_accepts(string accept) =>
        await (await ledger.Client.SendAsync(Get($"/api/devices/{TestImei.Next()}", accept, ledger.Host.Mint(Tokens.Officer))))
            .Problem(HttpStatusCode.NotFound);

    [Fact]
    public async Task a_report_period_that_is_no_date_is_a_400_problem_for_a_client_that_wants_csv()
    {
        var problem = await (await ledger.Client.SendAsync(Get("/api/reports/lock-register?from=2021-09&to=2021-12-01", "text/csv",
                                                               ledger.Host.Mint(Tokens.Officer)))).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("'from' must be a date", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_property_named_twice_is_refused_naming_it_and_nothing_is_written()
    {
        var problem = await ledger.Refuses(HttpStatusCode.BadRequest, () => ledger.Client.PostRaw("/api/devices",
            $$"""{"imei":"{{TestImei.Next()}}","imei":"{{TestImei.Next()}}","model":"Phone 12","salesMarket":"AE"}"""));

        Assert.Contains("'imei' appears more than once", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_value_of_the_wrong_type_is_described_by_where_it_is_in_the_body() =>
        Assert.Contains("$.imei", (await ledger.Refuses(HttpStatusCode.BadRequest, () =>
            ledger.Client.PostRaw("/api/devices", """{"imei":12,"model":"Phone 12","salesMarket":"AE"}""")))
            .GetProperty("detail").GetString());
}
