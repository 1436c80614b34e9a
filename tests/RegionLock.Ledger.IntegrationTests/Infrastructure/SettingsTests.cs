using Microsoft.Extensions.Options;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure;

/// <summary>Settings are checked when the service starts: a bad value stops it with the setting's name.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Idempotency:RetentionDays", "0")]
    [InlineData("Idempotency:RetentionDays", "100000")]
    public async Task a_setting_out_of_its_range_stops_the_service_naming_it(string setting, string value)
    {
        var database = await TestDatabase.EnsureCreated("ledger_settings_tests");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LedgerFixture.StartService(database, (setting, value)));

        Assert.Contains(setting, refused.Message);
    }
}
