using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Regions;
using RegionLock.Ledger.Devices.Warning;
using RegionLock.Ledger.Policy.Exemptions;
using Microsoft.Extensions.Options;
using Wolverine;

namespace RegionLock.Ledger.Devices.Observing;

/// <summary>Evidence that a device was seen in a region, from the enforcement pipeline.</summary>
/// <param name="Region">Where it was seen; derived from the visited network (<paramref name="Mcc"/>, <paramref name="Mnc"/>) when absent.</param>
/// <param name="Mcc">The ITU-T E.212 mobile country code of the visited network, where the signal has one.</param>
/// <param name="Mnc">The mobile network code, which tells apart networks that share an MCC (Crimea's under 250).</param>
/// <param name="HomeMcc">The mobile country code of the SIM's home network: a SIM from elsewhere is roaming.</param>
/// <param name="HomeMnc">The home network's code.</param>
public sealed record ObserveDevice(string? Region, string Signal, string? Mcc, string? Mnc, DateTimeOffset ObservedAt,
                                   string? HomeMcc = null, string? HomeMnc = null)
{
    /// <summary>The region named, or the one region the visited network serves at the time.</summary>
    public string? ObservedRegion =>
        Region ?? (Mcc is null ? null : RegionCatalogue.Shared.RegionsFor(Mcc, Mnc, ObservedAt).ToArray() is [var only] ? only : null);
}

public sealed class ObserveDeviceValidator : AbstractValidator<ObserveDevice>
{
    public ObserveDeviceValidator(TimeProvider clock)
    {
        RuleFor(c => c.Region!).KnownRegion().When(c => c.Region is not null);
        RuleFor(c => c.Region).NotNull().WithMessage("'region' is required unless 'mcc' names the visited network").When(c => c.Mcc is null);
        RuleFor(c => c.Signal).OneOf<ObserveDevice, ObservationSignal>();
        RuleFor(c => c.ObservedAt).NotInTheFuture(clock);
        RuleFor(c => c.Mnc).Null().When(c => c.Mcc is null).WithMessage("'Mnc' needs an 'Mcc'");
        RuleFor(c => c.Mcc!).AssignedMcc().When(c => c.Mcc is not null);
        RuleFor(c => c.Mnc!).KnownMnc(c => c.Mcc!).When(c => c.Mnc is not null && c.Mcc is not null);
        RuleFor(c => c.HomeMnc).Null().When(c => c.HomeMcc is null).WithMessage("'Home Mnc' needs a 'Home Mcc'");
        RuleFor(c => c.HomeMcc!).AssignedMcc().When(c => c.HomeMcc is not null);
        RuleFor(c => c.HomeMnc!).KnownMnc(c => c.HomeMcc!).When(c => c.HomeMnc is not null && c.HomeMcc is not null);
        RuleFor(c => c).Must(c => RegionCatalogue.Shared.IsConsistent(c.Region!, c.Mcc!, c.Mnc, c.ObservedAt))
            .WithName("mcc")
            .WithMessage(c => $"MCC {c.Mcc}{(c.Mnc is null ? "" : "-" + c.Mnc)} is not a network of region {c.Region}")
            .When(c => c.Mcc is not null && RegionCatalogue.Shared.IsKnown(c.Region) && RegionCatalogue.Shared.IsKnownMcc(c.Mcc));
        RuleFor(c => c.ObservedRegion).NotNull().WithName("mcc")
            .WithMessage(c => $"MCC {c.Mcc}{(c.Mnc is null ? "" : "-" + c.Mnc)} does not name one region: give 'region'")
            .When(c => c.Region is null && c.Mcc is not null && RegionCatalogue.Shared.IsKnownMcc(c.Mcc));
    }
}

public static class Observation
{
    public static DeviceObserved Observed(Device device, ObserveDevice command) =>
        new(device.Imei, command.ObservedRegion!, StoredName<ObservationSignal>.Parse(command.Signal), command.Mcc, command.Mnc,
            command.ObservedAt, command.HomeMcc, command.HomeMnc);

    /// <summary>The observation, and what enforcement records about it under the policy in force at its time.</summary>
    public static (DeviceObserved Observed, IEnforcementOutcome? Outcome) Decide(Device device, ObserveDevice command,
        PolicyInForce policy, IReadOnlyList<Exemption> exemptions, TimeSpan roamingAllowance, Guid id, DateTimeOffset now)
    {
        var observed = Observed(device, command);
        return (observed, Enforcement.Decide(device.Apply(observed), observed, policy, exemptions, roamingAllowance, id, now));
    }

    /// <summary>
    /// Appends the observation, and what enforcement decided as the ledger's own act caused by it; returns the messages
    /// a warning starts (the owner's notice, the end of the grace period), sent through the outbox with the commit.
    /// The exemptions are read only when a restriction reaches the observation.
    /// </summary>
    public static async Task<OutgoingMessages> Record(IDocumentSession session, IEventStream<Device> device, ObserveDevice command,
                                                      RestrictionPolicy policy, TimeSpan roamingAllowance, DateTimeOffset now,
                                                      CancellationToken cancellation)
    {
        var inForce = policy.At(command.ObservedAt);
        var exemptions = Enforcement.Reaching(inForce, command.ObservedRegion!) is null
            ? []
            : await ExemptionLookup.For(session, device.Aggregate!.Imei, command.ObservedAt, cancellation);
        var (observed, outcome) = Decide(device.Aggregate!, command, inForce, exemptions, roamingAllowance, Guid.CreateVersion7(), now);
        var observation = new Event<DeviceObserved>(observed) { Id = Guid.CreateVersion7() };
        device.AppendOne(observation);
        var messages = new OutgoingMessages();
        if (outcome is null) return messages;
        var recorded = Enforcement.Recorded(outcome, observation);
        device.AppendOne(recorded);
        if (outcome is DeviceWarned warned) messages.AddRange(GracePeriod.Started(warned, recorded));
        return messages;
    }
}

public static class ObserveDeviceEndpoint
{
    public static CurrentPolicy Load() => CurrentPolicy.Plan;

    [Allow(Role.Enforcement)]
    [WolverinePost("/api/devices/{imei}/observations"), ProducesResponseType<DeviceWritten>(200)]
    public static async Task<(DeviceWritten, OutgoingMessages)> Post(ObserveDevice command, [WriteAggregate("imei")] IEventStream<Device> device,
                                                                     RestrictionPolicy policy, IDocumentSession session,
                                                                     IOptions<PolicySettings> settings, TimeProvider clock,
                                                                     CancellationToken cancellation)
    {
        var messages = await Observation.Record(session, device, command, policy, settings.Value.RoamingAllowance, clock.GetUtcNow(),
                                                cancellation);
        return (new DeviceWritten(device.Aggregate!.Imei, device.CurrentVersion!.Value), messages);
    }
}
