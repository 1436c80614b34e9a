using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Devices;

/// <summary>
/// Batch status: up to 1,000 IMEIs at once, each answered in the order asked; an unknown or malformed IMEI is an
/// answer of its own, and only a malformed or oversized request is refused.
/// </summary>
[Collection(IncidentCollection.Name)]
public sealed class StatusTests(IncidentFixture ledger)
{
    private readonly DeviceApi _api = new(ledger.Client);

    private async Task<JsonElement[]> Statuses(object body) =>
        (await (await ledger.Client.Post("/api/devices/status", body)).Read<JsonElement>()).GetProperty("devices").EnumerateArray().ToArray();

    [Fact]
    public async Task good_unknown_and_malformed_imeis_are_each_answered_in_order()
    {
        var usable = await _api.Register();
        var locked = await _api.Register();
        var placed = await _api.Lock(locked, "IR");
        var unknown = TestImei.Next();
        var badCheckDigit = TestImei.WithWrongCheckDigit(usable);

        var answers = await Statuses(new { imeis = new[] { usable, locked, unknown, badCheckDigit, "12345" } });

        Assert.Equal(["usable", "locked", "unknown", "invalid", "invalid"], answers.Select(a => a.GetProperty("status").GetString()));
        var held = Assert.Single(answers[1].GetProperty("activeLocks").EnumerateArray());
        Assert.Equal((placed.LockId.ToString(), "IR"), (held.GetProperty("lockId").GetString(), held.GetProperty("region").GetString()));
        Assert.True(held.GetProperty("policyVersion").GetInt32() > 0);
        Assert.Contains("Luhn", answers[3].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, answers[2].GetProperty("activeLocks").ValueKind);
    }

    [Fact]
    public async Task as_of_and_as_known_at_answer_as_the_ledger_stood()
    {
        var imei = await _api.Register();
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await _api.Lock(imei, "CU");

        var now = await Statuses(new { imeis = new[] { imei } });
        var knownBefore = await Statuses(new { imeis = new[] { imei }, asKnownAt = before });
        var asOfBefore = await Statuses(new { imeis = new[] { imei }, asOf = before });
        var asOfNow = await Statuses(new { imeis = new[] { imei }, asOf = DateTimeOffset.UtcNow });

        Assert.Equal("locked", now[0].GetProperty("status").GetString());
        Assert.Equal("usable", knownBefore[0].GetProperty("status").GetString());
        Assert.Equal("usable", asOfBefore[0].GetProperty("status").GetString());
        Assert.Equal("locked", asOfNow[0].GetProperty("status").GetString());
        Assert.Equal("unknown", (await Statuses(new { imeis = new[] { imei }, asOf = before.AddDays(-1) }))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_batch_of_1001_imeis_is_a_400_problem() =>
        await ledger.RefusesInvalid("/api/devices/status",
            JsonSerializer.Serialize(new { imeis = Enumerable.Range(0, 1001).Select(_ => TestImei.Next()) }), "imeis");

    [Theory]
    [InlineData("""{"imeis":[]}""", "imeis")]
    [InlineData("""{"asOf":"2021-09-15T00:00:00Z"}""", "imeis")]
    public Task a_malformed_request_is_a_400_problem(string body, string field) =>
        ledger.RefusesInvalid("/api/devices/status", body, field);

    [Fact]
    public async Task roles_without_device_reads_are_refused()
    {
        using var witness = ledger.Host.ClientAs("w@test", "witness");
        await (await witness.Post("/api/devices/status", new { imeis = new[] { TestImei.Next() } })).Problem(HttpStatusCode.Forbidden);
    }
}
