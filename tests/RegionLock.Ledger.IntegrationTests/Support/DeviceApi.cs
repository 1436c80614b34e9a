using System.Net;
using System.Text.Json;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Reading;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>The device endpoints as the enforcement pipeline and compliance tools call them.</summary>
public sealed class DeviceApi(HttpClient client)
{
    public static readonly DateTimeOffset Incident = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);

    public async Task<string> Register(string? imei = null, string salesMarket = "AE")
    {
        imei ??= TestImei.Next();
        await (await client.Post("/api/devices", new { imei, model = "Phone 12", salesMarket }))
            .Read<DeviceWritten>(HttpStatusCode.Created);
        return imei;
    }

    public async Task<DeviceWritten> Observe(string imei, string region, DateTimeOffset? at = null) =>
        await (await client.Post($"/api/devices/{imei}/observations",
            new { region, signal = "gps", observedAt = at ?? Incident })).Read<DeviceWritten>();

    public async Task<LockPlaced> Lock(string imei, string region, string reason = "seen in a restricted region") =>
        await (await client.Post($"/api/devices/{imei}/locks", new { region, reason }))
            .Read<LockPlaced>(HttpStatusCode.Created);

    public async Task<DeviceWritten> Unlock(string imei, Guid lockId, string reason = "error_correction") =>
        await (await client.Post($"/api/devices/{imei}/locks/{lockId}/unlock", new { reason })).Read<DeviceWritten>();

    public async Task<DeviceState> State(string imei) =>
        await (await client.GetAsync($"/api/devices/{imei}")).Read<DeviceState>();

    public async Task<JsonElement> History(string imei, string query = "") =>
        await (await client.GetAsync($"/api/devices/{imei}/history{query}")).Read<JsonElement>();
}
