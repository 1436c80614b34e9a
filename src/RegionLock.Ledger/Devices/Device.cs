using System.Collections.Immutable;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices;

/// <summary>
/// A device as its stream tells it. Marten folds it inline (the snapshot the API reads) and Wolverine loads it for
/// every command on the device; it is immutable, so a fetched instance is never changed behind Marten's identity map.
/// </summary>
public sealed record Device(
    string Id,
    string Model,
    string SalesMarket,
    ImmutableList<ActiveLock> ActiveLocks,
    string? LastRegion,
    DateTimeOffset? LastObservedAt,
    DateTimeOffset RegisteredAt,
    LegalHold? LegalHold,
    int Version)
{
    public string Imei => Id;

    /// <summary>Every region the device was seen in, once each: what an impact analysis reads.</summary>
    public ImmutableList<RegionPresence> Presence { get; init; } = [];

    /// <summary>Where the device has been since when, as of its latest observation (null before the first).</summary>
    public Stay? Stay { get; init; }

    /// <summary>Warnings whose grace period is running: the lock waits for them.</summary>
    public ImmutableList<PendingWarning> Warnings { get; init; } = [];

    public PendingWarning? PendingWarningIn(string region) => Warnings.Find(w => w.Region == region);

    public bool IsUsable => ActiveLocks.IsEmpty;

    public bool HasActiveLockIn(string region) => ActiveLocks.Any(l => l.Region == region);

    public ActiveLock? FindLock(Guid lockId) => ActiveLocks.Find(l => l.LockId == lockId);

    public static Device Create(DeviceRegistered registered) =>
        new(registered.Imei, registered.Model, registered.SalesMarket, [], null, null, registered.EffectiveAt, null, 0);

    // A late observation adds to where the device has been, but does not move its last known region backwards.
    public Device Apply(DeviceObserved observed)
    {
        var present = this with { Presence = RegionPresence.Add(Presence, observed) };
        return LastObservedAt is { } last && last > observed.ObservedAt
            ? present
            : present with
            {
                LastRegion = observed.Region, LastObservedAt = observed.ObservedAt, Stay = Stay.Next(Stay, observed),
            };
    }

    // A lock in a region ends the grace period of a warning there: the warning was followed through.
    public Device Apply(DeviceLocked locked) =>
        this with
        {
            ActiveLocks = ActiveLocks.Add(new ActiveLock(locked.LockId, locked.Region, locked.Reason,
                locked.PolicyVersion, locked.InvestigationId, locked.EffectiveAt)),
            Warnings = Warnings.RemoveAll(w => w.Region == locked.Region),
        };

    public Device Apply(DeviceWarned warned) =>
        this with
        {
            Warnings = Warnings.Add(new PendingWarning(warned.WarningId, warned.Region, warned.PolicyVersion,
                                                       warned.EffectiveAt, warned.LockDueAt)),
        };

    public Device Apply(DeviceWarningLapsed lapsed) =>
        this with { Warnings = Warnings.RemoveAll(w => w.WarningId == lapsed.WarningId) };

    public Device Apply(DeviceUnlocked unlocked) =>
        this with { ActiveLocks = ActiveLocks.RemoveAll(l => l.LockId == unlocked.LockId) };

    // A waiver changes nothing the snapshot holds, but still counts in its version, live and rebuilt alike.
    public Device Apply(EnforcementWaived _) => this;

    public Device Apply(LegalHoldPlaced placed) =>
        this with { LegalHold = new LegalHold(placed.CaseReference, placed.Reason, placed.EffectiveAt) };

    public Device Apply(LegalHoldReleased _) => this with { LegalHold = null };
}

/// <param name="RoamingOnly">Every observation there came from a SIM whose home network lies outside the region.</param>
public sealed record RegionPresence(string Region, DateTimeOffset FirstObservedAt, DateTimeOffset LastObservedAt,
                                    ObservationSignal LastSignal, bool RoamingOnly)
{
    public static ImmutableList<RegionPresence> Add(ImmutableList<RegionPresence> presence, DeviceObserved observed)
    {
        var roaming = observed.IsRoamingIn(observed.Region);
        var known = presence.Find(p => p.Region == observed.Region);
        if (known is null)
            return presence.Add(new RegionPresence(observed.Region, observed.ObservedAt, observed.ObservedAt, observed.Signal, roaming));
        var latest = observed.ObservedAt >= known.LastObservedAt;
        return presence.Replace(known, new RegionPresence(
            known.Region,
            observed.ObservedAt < known.FirstObservedAt ? observed.ObservedAt : known.FirstObservedAt,
            latest ? observed.ObservedAt : known.LastObservedAt,
            latest ? observed.Signal : known.LastSignal,
            known.RoamingOnly && roaming));
    }
}

/// <summary>
/// The device's current stay: the country of its latest observation, since when it has been seen there without a
/// sighting elsewhere in between, and the home network its SIM named last. A roaming allowance counts from Since.
/// </summary>
public sealed record Stay(string Country, DateTimeOffset Since, string? HomeMcc, string? HomeMnc)
{
    public static Stay Next(Stay? current, DeviceObserved observed)
    {
        var country = RegionCatalogue.Shared.CountryOf(observed.Region);
        var since = current is not null && current.Country == country ? current.Since : observed.ObservedAt;
        return new Stay(country, since, observed.HomeMcc, observed.HomeMnc);
    }

    /// <summary>Whether the SIM it named last is known to be from outside <paramref name="region"/>.</summary>
    public bool IsRoamingIn(string region, DateTimeOffset at) =>
        HomeMcc is not null && RegionCatalogue.Shared.IsOutside(HomeMcc, HomeMnc, region, at);
}

/// <param name="LockDueAt">When the grace period ends: the device is locked then if it is still in the region.</param>
public sealed record PendingWarning(Guid WarningId, string Region, int PolicyVersion, DateTimeOffset WarnedAt,
                                    DateTimeOffset LockDueAt);

public sealed record LegalHold(string CaseReference, string Reason, DateTimeOffset Since);

public sealed record ActiveLock(Guid LockId, string Region, string Reason, int PolicyVersion, Guid? InvestigationId,
                                DateTimeOffset LockedAt);
