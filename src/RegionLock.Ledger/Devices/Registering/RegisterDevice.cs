namespace RegionLock.Ledger.Devices.Registering;

/// <summary>Enters a device into the ledger: the start of its stream.</summary>
public sealed record RegisterDevice(string Imei, string Model, string SalesMarket);

public sealed class RegisterDeviceValidator : AbstractValidator<RegisterDevice>
{
    public RegisterDeviceValidator()
    {
        RuleFor(c => c.Imei).ValidImei();
        RuleFor(c => c.Model).Text(200);
        RuleFor(c => c.SalesMarket).KnownCountry();
    }
}

public static class Registration
{
    public static DeviceRegistered Decide(RegisterDevice command, DateTimeOffset now) =>
        new(command.Imei, command.Model, command.SalesMarket, now);
}

public static class RegisterDeviceEndpoint
{
    // A second registration of the same IMEI fails on the stream's key when committed: a 409 problem.
    [Allow(Role.Enforcement)]
    [WolverinePost("/api/devices"), ProducesResponseType<DeviceWritten>(201)]
    public static (IResult, IStartStream) Post(RegisterDevice command, TimeProvider clock)
    {
        var registered = Registration.Decide(command, clock.GetUtcNow());
        return (Results.Created($"/api/devices/{command.Imei}", new DeviceWritten(command.Imei, 1)),
                MartenOps.StartStream<Device>(command.Imei, registered));
    }
}
