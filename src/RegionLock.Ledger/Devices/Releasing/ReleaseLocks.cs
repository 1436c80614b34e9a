using Wolverine;

namespace RegionLock.Ledger.Devices.Releasing;

/// <summary>
/// A bulk unlock: every active lock of an investigation, or every lock in a lifted region outside investigations.
/// Handled as durable messages: this one finds the devices and sends one <see cref="ReleaseDeviceLocks"/> each, in
/// one transaction through Wolverine's outbox; each of those unlocks one device in its own transaction. A crash at
/// any point leaves persisted messages that are handled on restart, and a device whose locks are already lifted
/// gets no second unlock.
/// </summary>
/// <param name="RequestedBy">Who asked for the release: every unlock is recorded as theirs.</param>
public sealed record ReleaseLocks(UnlockReason Reason, Guid? InvestigationId, string? Region, Actor RequestedBy);

public sealed record ReleaseDeviceLocks(string Imei, UnlockReason Reason, Guid? InvestigationId, string? Region,
                                        Actor RequestedBy);

public static class Releasing
{
    /// <summary>Whether a lock is one the release lifts.</summary>
    public static bool Releases(this ReleaseDeviceLocks release, ActiveLock active) =>
        release.InvestigationId is { } investigation
            ? active.InvestigationId == investigation
            : active.Region == release.Region && active.InvestigationId is null;

    public static IEnumerable<DeviceUnlocked> Decide(Device device, ReleaseDeviceLocks release, DateTimeOffset now) =>
        device.ActiveLocks.Where(release.Releases)
            .Select(l => new DeviceUnlocked(device.Imei, l.LockId, release.Reason, null, l.InvestigationId, now));
}

public static class ReleaseLocksHandler
{
    public static async Task<OutgoingMessages> Handle(ReleaseLocks release, IQuerySession session,
                                                      CancellationToken cancellation)
    {
        var devices = release.InvestigationId is { } investigation
            ? session.Query<Device>().Where(d => d.ActiveLocks.Any(l => l.InvestigationId == investigation))
            : session.Query<Device>().Where(d => d.ActiveLocks.Any(l => l.Region == release.Region && l.InvestigationId == null));
        var imeis = await devices.Select(d => d.Id).ToListAsync(cancellation);

        var messages = new OutgoingMessages();
        messages.AddRange(imeis.Select(imei =>
            new ReleaseDeviceLocks(imei, release.Reason, release.InvestigationId, release.Region, release.RequestedBy)));
        return messages;
    }
}

public static class ReleaseDeviceLocksHandler
{
    public static IEnumerable<object> Handle(ReleaseDeviceLocks release,
                                             [WriteAggregate(nameof(ReleaseDeviceLocks.Imei))] Device device,
                                             IDocumentSession session, TimeProvider clock)
    {
        CommandMetadata.StampActor(session, release.RequestedBy);
        return Releasing.Decide(device, release, clock.GetUtcNow());
    }
}
