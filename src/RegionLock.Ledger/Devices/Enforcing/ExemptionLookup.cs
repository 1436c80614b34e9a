using RegionLock.Ledger.Policy.Exemptions;

namespace RegionLock.Ledger.Devices.Enforcing;

public static class ExemptionLookup
{
    /// <summary>
    /// The exemptions that could spare a device at an instant: those naming its IMEI or its TAC, and every sales
    /// market's, not ended by then. A handful of rows, each branch found by an index; read only when a restriction
    /// reaches the device, so an observation elsewhere (most of them) costs nothing more.
    /// </summary>
    public static async Task<IReadOnlyList<Exemption>> For(IQuerySession session, string imei, DateTimeOffset at,
                                                          CancellationToken cancellation)
    {
        var tac = imei[..8];
        return await session.Query<Exemption>()
            .Where(e => (e.Value == imei || e.Value == tac || e.Kind == WaiverBasis.SalesMarket) && e.Until > at)
            .ToListAsync(cancellation);
    }
}
