using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Access;

[Collection(LedgerCollection.Name)]
public sealed class TokenCommandTests(LedgerFixture ledger)
{
    private readonly Dictionary<string, string?> _settings = LocalKeys.Settings(ledger.ConnectionString);

    private Task<(int ExitCode, string Output, string Errors)> Token(params string[] args) =>
        ServiceProcess.Run(_settings, ["token", .. args]);

    [Fact]
    public async Task the_token_command_mints_a_token_signed_with_the_configured_key()
    {
        var (exitCode, output, _) = await Token("--role", "auditor,compliance", "--subject", "carol", "--hours", "2");
        Assert.Equal(0, exitCode);

        var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(_settings["Auth:SigningKeyFile"]!));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(output.Trim(), new TokenValidationParameters
        {
            ValidIssuer = AccessSettings.DefaultIssuer,
            ValidAudience = AccessSettings.DefaultAudience,
            IssuerSigningKey = new ECDsaSecurityKey(key),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", token.Alg);
        Assert.Equal("carol", token.Subject);
        Assert.Equal(["auditor", "compliance"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.InRange(token.ValidTo - token.ValidFrom, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task an_unknown_role_mints_nothing()
    {
        var (exitCode, output, errors) = await Token("--role", "root");
        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output);
        Assert.Contains("unknown role(s): root", errors);
    }
}
