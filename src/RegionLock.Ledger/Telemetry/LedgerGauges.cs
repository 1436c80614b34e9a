using Marten;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;
using System.Diagnostics.Metrics;
using Wolverine.Runtime;

namespace RegionLock.Ledger.Telemetry;

/// <summary>
/// Samples, every few seconds, what cannot be counted as it happens: how far the integrity chain and the async
/// daemon's subscriptions are behind the events, how old the latest checkpoint is, how many messages wait in the
/// durable inbox and outbox, how far the latest verification has come. Observable gauges report the last sample, so
/// a scrape never queries the database; each sample is a few index reads and counts of small tables.
/// </summary>
public sealed class LedgerGauges(ChainStore chain, IDocumentStore store, LogStore log,
                                 VerificationJobs verifications, IWolverineRuntime wolverine, TimeProvider clock,
                                 ILogger<LedgerGauges> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private volatile Sample _last = new(0, 0, null, [], new(), null);

    private sealed record Sample(long ChainLagEvents, double ChainLagSeconds, double? CheckpointAgeSeconds,
                                 IReadOnlyList<(string Shard, long Behind)> Projections, Wolverine.Logging.PersistedCounts Messages,
                                 VerificationJob? Verification);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        Register();
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                _last = await Read(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database may be away (or its schema not made yet): the gauges keep their last sample, the health
                // checks say the rest.
                logger.LogInformation("telemetry sample skipped: {Reason}", e.Message);
            }
        }
    }

    private void Register()
    {
        var meter = LedgerMetrics.Meter;
        meter.CreateObservableGauge("regionlock.integrity.chain.lag", () => _last.ChainLagEvents, "{event}",
                                    "events recorded and not yet chained");
        meter.CreateObservableGauge("regionlock.integrity.chain.lag.age", () => _last.ChainLagSeconds, "s",
                                    "age of the oldest event not yet chained (0 when none)");
        meter.CreateObservableGauge("regionlock.integrity.checkpoint.age", () => _last.CheckpointAgeSeconds is { } age ? [new Measurement<double>(age)] : Array.Empty<Measurement<double>>(),
                                    "s", "time since the latest checkpoint was signed");
        meter.CreateObservableGauge("regionlock.projection.lag", () => _last.Projections.Select(p => new Measurement<long>(p.Behind, new KeyValuePair<string, object?>("shard", p.Shard))),
                                    "{event}", "events the async daemon's shards are behind the high-water mark");
        meter.CreateObservableGauge("regionlock.messages.persisted", () => Counts(_last.Messages), "{message}",
                                    "messages in Wolverine's durable inbox and outbox, by box");
        meter.CreateObservableGauge("regionlock.integrity.verification.progress",
                                    () => _last.Verification is { EventsTotal: > 0 } job ? [new Measurement<double>((double)job.EventsVerified / job.EventsTotal, new KeyValuePair<string, object?>("status", job.Status))] : Array.Empty<Measurement<double>>(),
                                    "1", "the latest verification's share of events verified");
    }

    private static IEnumerable<Measurement<long>> Counts(Wolverine.Logging.PersistedCounts counts) =>
    [
        new(counts.Incoming, new KeyValuePair<string, object?>("box", "incoming")),
        new(counts.Scheduled, new KeyValuePair<string, object?>("box", "scheduled")),
        new(counts.Outgoing, new KeyValuePair<string, object?>("box", "outgoing")),
        new(counts.DeadLetter, new KeyValuePair<string, object?>("box", "dead_letter")),
    ];

    private async Task<Sample> Read(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var (lagEvents, oldest) = await chain.Lag(cancellation);
        var lagSeconds = oldest is { } recorded ? (now - recorded).TotalSeconds : 0;
        var checkpoint = await log.LatestSigned(cancellation);
        var progress = await store.Advanced.AllProjectionProgress(token: cancellation);
        var highWater = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
        var shards = progress.Where(p => p.ShardName != "HighWaterMark").Select(p => (p.ShardName, Math.Max(0, highWater - p.Sequence))).ToList();
        var messages = await wolverine.Storage.Admin.FetchCountsAsync();
        var latest = (await verifications.List(1, cancellation)).FirstOrDefault();
        return new Sample(lagEvents, Math.Max(0, lagSeconds), checkpoint is null ? null : (now - checkpoint.CreatedAt).TotalSeconds,
                          shards, messages, latest);
    }
}
