using System.Net.Http.Headers;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Access;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>Callers of the API with real bearer tokens, minted by the service's own token key.</summary>
public static class Tokens
{
    /// <summary>The principal the tests act as unless they say otherwise; they hold every role.</summary>
    public const string Officer = "officer@test";

    public static string Mint(this IAlbaHost host, string subject, params string[] roles) =>
        host.Services.GetRequiredService<TokenIssuer>().Mint(subject, roles.Length == 0 ? Role.All : roles, TimeSpan.FromHours(1));

    /// <summary>A client whose every request carries a token for <paramref name="subject"/> in these roles (all when none).</summary>
    public static HttpClient ClientAs(this IAlbaHost host, string subject = Officer, params string[] roles)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Mint(subject, roles));
        return client;
    }
}
