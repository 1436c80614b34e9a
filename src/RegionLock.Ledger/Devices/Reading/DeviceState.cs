namespace RegionLock.Ledger.Devices.Reading;

/// <summary>What support and compliance see of a device now. <c>Version</c> is the value for If-Match.</summary>
public sealed record DeviceState(
    string Imei,
    string Model,
    string SalesMarket,
    string Status,
    IReadOnlyList<ActiveLock> ActiveLocks,
    string? LastRegion,
    DateTimeOffset? LastObservedAt,
    LegalHold? LegalHold,
    long Version)
{
    /// <summary>Warnings whose grace period is running: the locks that will follow if the device stays.</summary>
    public IReadOnlyList<PendingWarning> PendingWarnings { get; init; } = [];

    public const string Usable = "usable";
    public const string Locked = "locked";

    public static DeviceState Of(Device device) =>
        new(device.Imei, device.Model, device.SalesMarket, device.IsUsable ? Usable : Locked, device.ActiveLocks,
            device.LastRegion, device.LastObservedAt, device.LegalHold, device.Version) { PendingWarnings = device.Warnings };
}

public static class DeviceStateEndpoint
{
    // Read from the inline snapshot: committed in the same transaction as the events, so never stale.
    [Allow(Role.Support, Role.Compliance, Role.Auditor)]
    [RecordsAccess("device", "imei")]
    [WolverineGet("/api/devices/{imei}"), ProducesResponseType<DeviceState>(200)]
    public static async Task<DeviceState> Get(string imei, IQuerySession session, HttpContext context)
    {
        var device = await session.LoadAsync<Device>(imei, context.RequestAborted)
                     ?? throw new NotInLedger($"device {imei} is not registered");
        context.Response.Headers.ETag = $"\"{device.Version}\"";
        return DeviceState.Of(device);
    }
}
