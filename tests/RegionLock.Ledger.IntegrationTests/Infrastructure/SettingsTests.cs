using Microsoft.Extensions.Options;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure;

/// <summary>Settings are checked when the service starts: a bad value stops it with the setting's name.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Idempotency:RetentionDays", "0")]
    [InlineData("Idempotency:RetentionDays", "100000")]
    [InlineData("Integrity:LogOrigin", "has space")]
    [InlineData("Integrity:LogOrigin", "a+b")]
    public async Task a_setting_out_of_its_range_stops_the_service_naming_it(string setting, string value)
    {
        var database = await TestDatabase.EnsureCreated("ledger_settings_tests");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LedgerFixture.StartService(database, (setting, value)));

        Assert.Contains(setting, refused.Message);
    }

    [Theory]
    [InlineData("Integrity:WitnessQuorum", "1", null, "Integrity:WitnessQuorum")]
    [InlineData("Integrity:Witnesses:0:Vkey", "not-a-vkey", "http://127.0.0.1:1/", "Integrity:Witnesses:0:Vkey")]
    [InlineData("Integrity:Witnesses:0:Vkey", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "http://127.0.0.1:1/",
                "not a cosigner key")]
    public async Task a_witness_setting_that_cannot_work_stops_the_service_saying_why(string setting, string value, string? url, string expected)
    {
        var database = await TestDatabase.EnsureCreated("ledger_settings_tests");
        (string, string)[] settings = url is null ? [(setting, value)] : [(setting, value), ("Integrity:Witnesses:0:Url", url)];

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => LedgerFixture.StartService(database, settings));

        Assert.Contains(expected, refused.ToString());
    }
}
