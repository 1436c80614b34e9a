namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Serializes two writes that must not interleave though only one of them appends to the stream (an erasure reads a
/// device's legal hold; placing the hold appends to the device): a row lock on the stream's row, taken in the
/// session's transaction before anything is decided or appended and held until it commits. Whichever write takes it
/// first commits first, so the order of the record is the order of the decisions.
/// </summary>
public static class StreamLock
{
    public static async Task Take(IDocumentSession session, string streamKey, CancellationToken cancellation)
    {
        await session.BeginTransactionAsync(cancellation);
        await session.QueryAsync<string>($"select id from {LedgerSchema.Name}.mt_streams where id = ? for update",
                                         cancellation, streamKey);
    }
}
