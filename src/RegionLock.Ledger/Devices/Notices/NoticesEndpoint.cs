namespace RegionLock.Ledger.Devices.Notices;

public static class NoticesEndpoint
{
    /// <summary>The notices of a device's warnings, each with its delivery attempts, oldest warning first.</summary>
    [Allow(Role.Support, Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/devices/{imei}/notices"), ProducesResponseType<IReadOnlyList<Notice>>(200)]
    public static async Task<IReadOnlyList<Notice>> Get(string imei, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.Events.FetchStreamStateAsync(imei, cancellation) is null)
            throw new NotInLedger($"device {imei} is not registered");
        return await session.Query<Notice>().Where(n => n.Imei == imei).OrderBy(n => n.WarningId).ToListAsync(cancellation);
    }
}
