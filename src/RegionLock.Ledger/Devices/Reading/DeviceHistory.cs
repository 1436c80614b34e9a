namespace RegionLock.Ledger.Devices.Reading;

/// <summary>
/// A device's stream as recorded, with every event's metadata; with <c>asOf</c>, as it stood then. A page holds the
/// events after version <c>after</c>; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.
/// </summary>
public sealed record DeviceHistory(string Imei, DateTimeOffset? AsOf, DeviceState? State, IReadOnlyList<RecordedEvent> Events,
                                   long? Next);

/// <param name="RecordedAt">When the ledger recorded the event (Marten's timestamp), not when it took effect.</param>
public sealed record RecordedEvent(
    long Sequence,
    long Version,
    string Type,
    object Data,
    DateTimeOffset? EffectiveAt,
    DateTimeOffset RecordedAt,
    string? Principal,
    string? Role,
    string? Reason,
    string? CorrelationId,
    string? CausationId,
    string? IdempotencyKey)
{
    public static RecordedEvent Of(IEvent e) =>
        new(e.Sequence, e.Version, e.EventTypeName, e.Data, (e.Data as ITakesEffect)?.EffectiveAt, e.Timestamp, e.UserName ?? Header(e, CommandMetadata.Keys.Principal),
            Header(e, CommandMetadata.Keys.Role), Header(e, CommandMetadata.Keys.Reason), e.CorrelationId, e.CausationId,
            Header(e, CommandMetadata.Keys.IdempotencyKey));

    private static string? Header(IEvent e, string key) => e.GetHeader(key)?.ToString();
}

public static class DeviceHistoryEndpoint
{
    public const int DefaultPageSize = 500;
    public const int MaxPageSize = 1000;

    /// <summary>
    /// <paramref name="asOf"/> is an instant of recording: the events recorded by then, and the state they fold to.
    /// </summary>
    [Allow(Role.Support, Role.Compliance, Role.Auditor)]
    [RecordsAccess("device_history", "imei")]
    [WolverineGet("/api/devices/{imei}/history"), ProducesResponseType<DeviceHistory>(200)]
    public static async Task<DeviceHistory> Get(string imei, [FromQuery(Name = "asOf")] string? asOfText,
                                                [FromQuery(Name = "limit")] string? limitText,
                                                [FromQuery(Name = "after")] string? afterText,
                                                IQuerySession session, CancellationToken cancellation)
    {
        var asOf = Instant.ParseOptional(asOfText, "asOf");
        var limit = (int)(QueryNumber.Parse(limitText, "limit", 1, MaxPageSize) ?? DefaultPageSize);
        var after = QueryNumber.Parse(afterText, "after", 0, long.MaxValue) ?? 0;
        if (await session.Events.FetchStreamStateAsync(imei, cancellation) is null)
            throw new NotInLedger($"device {imei} is not registered");

        var recorded = session.Events.QueryAllRawEvents().Where(e => e.StreamKey == imei && e.Version > after);
        if (asOf is { } instant) recorded = recorded.Where(e => e.Timestamp <= instant);
        var page = await recorded.OrderBy(e => e.Version).Take(limit + 1).ToListAsync(cancellation);

        var state = await session.Events.AggregateStreamAsync<Device>(imei, timestamp: asOf, token: cancellation);
        return new DeviceHistory(imei, asOf, state is null ? null : DeviceState.Of(state),
                                 page.Take(limit).Select(RecordedEvent.Of).ToList(),
                                 page.Count > limit ? page[limit - 1].Version : null);
    }
}
