using Microsoft.Extensions.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Ready only while the async daemon keeps up: the oldest event it has not chained yet must be younger than
/// Health:DaemonStallSeconds (default 60). A stalled daemon means no tamper evidence for new events.
/// </summary>
public sealed class ChainLagHealthCheck(ChainStore chain, TimeProvider clock, IOptions<HealthSettings> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation)
    {
        var threshold = TimeSpan.FromSeconds(settings.Value.DaemonStallSeconds);
        var (_, oldest) = await chain.Lag(cancellation);
        var lagSeconds = oldest is { } recorded ? Math.Max(0, (clock.GetUtcNow() - recorded).TotalSeconds) : 0;
        return lagSeconds <= threshold.TotalSeconds
            ? HealthCheckResult.Healthy($"the integrity chain is {lagSeconds:N0} s behind the events")
            : HealthCheckResult.Unhealthy($"the async daemon has not chained an event recorded {lagSeconds:N0} s ago");
    }
}
