using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// Forgets Idempotency-Key claims past their retention, hourly. The delete reads the claims' time index, so it costs
/// what has expired, never the whole history of keys.
/// </summary>
public sealed class ExpiredIdempotencyKeys(IDocumentStore store, IOptions<IdempotencySettings> settings, TimeProvider clock,
                                          ILogger<ExpiredIdempotencyKeys> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await Forget(stopping);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogWarning(failure, "expired Idempotency-Key claims could not be removed; retrying in an hour");
            }
        } while (await timer.WaitForNextTickAsync(stopping));
    }

    public async Task Forget(CancellationToken cancellation)
    {
        var cutoff = clock.GetUtcNow() - settings.Value.Retention;
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotentRequest>(r => r.ClaimedAt <= cutoff);
        await session.SaveChangesAsync(cancellation);
    }
}
