using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// Not ready while the witness quorum cannot be met: a witness refused a checkpoint as inconsistent (a 409 naming a
/// larger tree, or a 422: evidence of a fork, kept in integrity_witness_refusals), or the latest signed checkpoint
/// has waited longer than Integrity:PublicationStallSeconds for its cosignatures. It says which witness answered what.
/// The same wait is the gauge regionlock.integrity.publication.wait (seconds).
/// </summary>
public sealed class PublicationHealthCheck : IHealthCheck
{
    private static double _wait;
    private readonly LogStore _store;
    private readonly Witnesses _witnesses;
    private readonly TimeProvider _clock;
    private readonly IntegritySettings _settings;
    static PublicationHealthCheck() =>
        Witnesses.Meter.CreateObservableGauge("regionlock.integrity.publication.wait", () => _wait, "s",
                                    "how long the latest signed checkpoint has waited for its witness quorum (as last checked)");

    public PublicationHealthCheck(LogStore store, Witnesses witnesses, TimeProvider clock, IOptions<IntegritySettings> settings)
    {
        (_store, _witnesses, _clock, _settings) = (store, witnesses, clock, settings.Value);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation)
    {
        if (_settings.WitnessQuorum == 0) return HealthCheckResult.Healthy("checkpoints are published as they are signed (no witness quorum)");
        var latest = await _store.LatestSigned(cancellation);
        _wait = latest is { Published: false } ? (_clock.GetUtcNow() - latest.CreatedAt).TotalSeconds : 0;
        var answers = string.Join("; ", _witnesses.All.Select(w => _witnesses.Outcomes.TryGetValue(w.Name, out var o)
            ? $"{w.Name}: {o.Outcome} (size {o.Size}, {o.At:O})"
            : $"{w.Name}: not asked yet"));
        var forks = await _store.ForkEvidence(cancellation);
        if (forks.Count > 0)
        {
            var evidence = string.Join("; ", forks.Select(f => $"{f.Witness} answered {f.Status} to size {f.Size}: {f.Answer.Trim()}"));
            return HealthCheckResult.Unhealthy(
                $"witnesses refused to cosign as inconsistent with what they cosigned before (evidence of a fork, kept): {evidence}. Witnesses: {answers}");
        }
        if (_wait > _settings.PublicationStallSeconds)
            return HealthCheckResult.Unhealthy(
                $"checkpoint {latest!.Size} has waited {_wait:N0} s for {_settings.WitnessQuorum} cosignatures. Witnesses: {answers}");
        return HealthCheckResult.Healthy($"quorum {_settings.WitnessQuorum} of {_witnesses.All.Count}. Witnesses: {answers}");
    }
}
