using Marten.Events;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Devices.Reading;

/// <summary>Many devices' status at once, as internal systems ask it.</summary>
/// <param name="AsOf">A business instant: only what had taken effect by then counts.</param>
/// <param name="AsKnownAt">A recording instant: only what the ledger had recorded by then counts.</param>
public sealed record AskDeviceStatuses(IReadOnlyList<string> Imeis, DateTimeOffset? AsOf = null, DateTimeOffset? AsKnownAt = null);

public sealed class AskDeviceStatusesValidator : AbstractValidator<AskDeviceStatuses>
{
    public const int MaxImeis = 1_000;

    // A malformed IMEI is an answer of its own, not a refusal of the batch: only the request's shape is checked here.
    public AskDeviceStatusesValidator()
    {
        RuleFor(c => c.Imeis).NotEmpty().Must(imeis => imeis.Count <= MaxImeis)
            .WithMessage($"'{{PropertyName}}' holds at most {MaxImeis:N0} IMEIs");
        RuleForEach(c => c.Imeis).NotNull().MaximumLength(64);
    }
}

/// <summary>One device's answer: its status (usable, locked, unknown, invalid), its active locks and legal hold.</summary>
/// <param name="Error">Why the IMEI could not be looked up, for a malformed one.</param>
public sealed record DeviceStatus(string Imei, string Status, IReadOnlyList<ActiveLock>? ActiveLocks, LegalHold? LegalHold,
                                  string? Error)
{
    public const string Unknown = "unknown";
    public const string Invalid = "invalid";

    public static DeviceStatus Of(string imei, Device? device) =>
        !Devices.Imei.IsWellFormed(imei) ? new(imei, Invalid, null, null, $"'{imei}' must be 15 digits")
        : !Devices.Imei.IsValid(imei) ? new(imei, Invalid, null, null, $"'{imei}' fails the Luhn check digit")
        : device is null ? new(imei, Unknown, null, null, null)
        : new(imei, device.IsUsable ? DeviceState.Usable : DeviceState.Locked, device.ActiveLocks, device.LegalHold, null);
}

public sealed record DeviceStatuses(DateTimeOffset? AsOf, DateTimeOffset? AsKnownAt, IReadOnlyList<DeviceStatus> Devices);

public static class DeviceStatusesEndpoint
{
    /// <summary>
    /// Each IMEI's status in the order asked. Now: the inline snapshots, one read by primary key. As of or as known at
    /// an instant: the requested devices' events, one read, folded by Marten's aggregator, leaving out what was recorded
    /// after <c>asKnownAt</c> or took effect after <c>asOf</c>. Either way the cost follows the batch, not the ledger.
    /// </summary>
    [Allow(Role.Support, Role.Compliance, Role.Auditor, Role.Enforcement)]
    [AsksNoChange]
    [RecordsAccess("device_statuses")]
    [WolverinePost("/api/devices/status"), ProducesResponseType<DeviceStatuses>(200)]
    public static async Task<DeviceStatuses> Post(AskDeviceStatuses command, IDocumentStore store, IQuerySession session,
                                                  CancellationToken cancellation)
    {
        var wanted = command.Imeis.Where(Imei.IsValid).Distinct().ToArray();
        var devices = command.AsOf is null && command.AsKnownAt is null
            ? (await session.LoadManyAsync<Device>(cancellation, wanted)).ToDictionary(d => d.Imei)
            : await AsTheyStood(store, session, wanted, command.AsOf, command.AsKnownAt, cancellation);
        return new DeviceStatuses(command.AsOf, command.AsKnownAt,
                                  command.Imeis.Select(imei => DeviceStatus.Of(imei, devices.GetValueOrDefault(imei))).ToList());
    }

    /// <summary>The devices as their events recorded by <paramref name="asKnownAt"/> and in effect by <paramref name="asOf"/> fold.</summary>
    public static async Task<Dictionary<string, Device>> AsTheyStood(IDocumentStore store, IQuerySession session, string[] imeis,
                                                                 DateTimeOffset? asOf, DateTimeOffset? asKnownAt,
                                                                 CancellationToken cancellation)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(imeis));
        if (asKnownAt is { } knownAt) query = query.Where(e => e.Timestamp <= knownAt);
        var events = await query.OrderBy(e => e.Sequence).ToListAsync(cancellation);
        var aggregator = ((DocumentStore)store).Options.Projections.AggregatorFor<Device>();
        var devices = new Dictionary<string, Device>();
        foreach (var stream in events.Where(e => asOf is null || e.Data is not ITakesEffect effect || effect.EffectiveAt <= asOf)
                     .GroupBy(e => e.StreamKey!))
        {
            // A device registered after asOf was not a device of the ledger then: it stays unknown.
            if (stream.First().Data is not DeviceRegistered) continue;
            if (await aggregator.BuildAsync(stream.ToList(), session, null, cancellation) is { } device) devices[stream.Key] = device;
        }
        return devices;
    }
}
