using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Investigations;
using Weasel.Core;

namespace RegionLock.Ledger.Tests.Infrastructure;

/// <summary>
/// The names the ledger has stored since its first release: sealed and hashed events hold them, so they are written
/// out here, not read from the code under test.
/// </summary>
public class StoredNameTests
{
    [Fact]
    public void every_closed_set_keeps_the_names_it_was_released_with()
    {
        Assert.Equal(["sim_mcc", "network_mcc", "ip_geo", "gps"], StoredName<ObservationSignal>.All);
        Assert.Equal(["appeal_granted", "investigation_closed", "policy_lifted", "error_correction"], StoredName<UnlockReason>.All);
        Assert.Equal(["granted", "denied"], StoredName<AppealOutcome>.All);
        Assert.Equal(["unlock_all", "keep_locked"], StoredName<InvestigationOutcome>.All);
        Assert.Equal(["open", "granted", "denied", "withdrawn"], StoredName<AppealStatus>.All);
    }

    [Fact]
    public void events_serialize_and_read_back_with_the_stored_names_as_the_ledger_stores_them()
    {
        // Configured as the service configures Marten's serializer.
        var serializer = new Marten.Services.SystemTextJsonSerializer { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase };
        var at = new DateTimeOffset(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
        var observed = new DeviceObserved("490154203237518", "IR", ObservationSignal.SimMcc, "432", null, at);
        var unlocked = new DeviceUnlocked("490154203237518", Guid.Empty, UnlockReason.ErrorCorrection, null, null, at);

        var json = serializer.ToJson(observed);
        Assert.Contains("\"signal\":\"sim_mcc\"", json);
        Assert.Contains("\"reason\":\"error_correction\"", serializer.ToJson(unlocked));
        Assert.Equal(observed, serializer.FromJson<DeviceObserved>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
    }

    [Theory]
    [InlineData("\"gps\"", true)]
    [InlineData("\"Gps\"", false)]
    [InlineData("\"GPS\"", false)]
    [InlineData("3", false)]
    public void only_a_stored_name_reads(string value, bool reads)
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        var read = () => System.Text.Json.JsonSerializer.Deserialize<ObservationSignal>(value, options);
        if (reads) Assert.Equal(ObservationSignal.Gps, read());
        else Assert.ThrowsAny<System.Text.Json.JsonException>(() => read());
    }
}
