using Microsoft.Extensions.Options;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>Readiness fails while the async daemon leaves events unchained beyond the threshold.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class ChainLagHealthTests(IntegrityFixture ledger)
{
    [Fact]
    public async Task a_stalled_daemon_makes_the_service_not_ready_until_it_catches_up()
    {
        await ledger.Reset();
        var check = new ChainLagHealthCheck(ledger.Host.Services.GetRequiredService<ChainStore>(), TimeProvider.System,
            Options.Create(new HealthSettings { DaemonStallSeconds = 1 }));
        var daemon = ledger.Host.Services.GetRequiredService<IProjectionCoordinator>();

        await daemon.PauseAsync();
        await new DeviceApi(ledger.Client).Register();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stalled = await check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);
        await daemon.ResumeAsync();
        await ledger.ChainCaughtUp();
        var caughtUp = await check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Equal(HealthStatus.Healthy, caughtUp.Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await ledger.Client.GetAsync("/health/ready")).StatusCode);
    }
}
