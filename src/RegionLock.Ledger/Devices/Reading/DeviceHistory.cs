using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Infrastructure.Problems;
using Wolverine.Http;

namespace RegionLock.Ledger.Devices.Reading;

/// <summary>A device's stream as recorded, with every event's metadata; with <c>asOf</c>, as it stood then.</summary>
public sealed record DeviceHistory(string Imei, DateTimeOffset? AsOf, DeviceState? State, IReadOnlyList<RecordedEvent> Events);

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
    /// <summary>
    /// <paramref name="asOf"/> is an instant of recording: the events recorded by then, and the state they fold to.
    /// </summary>
    [WolverineGet("/api/devices/{imei}/history"), ProducesResponseType<DeviceHistory>(200)]
    public static async Task<DeviceHistory> Get(string imei, [FromQuery(Name = "asOf")] string? asOfText,
                                                IQuerySession session, CancellationToken cancellation)
    {
        var asOf = Instant.ParseOptional(asOfText, "asOf");
        var events = await session.Events.FetchStreamAsync(imei, timestamp: asOf, token: cancellation);
        if (events.Count == 0 && await session.Events.FetchStreamStateAsync(imei, cancellation) is null)
            throw new NotInLedger($"device {imei} is not registered");

        var state = events.Count == 0
            ? null
            : await session.Events.AggregateStreamAsync<Device>(imei, timestamp: asOf, token: cancellation);
        return new DeviceHistory(imei, asOf, state is null ? null : DeviceState.Of(state),
                                 events.Select(RecordedEvent.Of).ToList());
    }
}
