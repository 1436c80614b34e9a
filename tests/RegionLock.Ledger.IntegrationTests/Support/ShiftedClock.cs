using Microsoft.Extensions.DependencyInjection;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>The system's clock moved by an offset a test sets: to step past an expiry without waiting for it.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + _offset;

    /// <summary>Puts this clock in place of the service's.</summary>
    public void Replace(IServiceCollection services) => services.AddSingleton<TimeProvider>(this);
}
