using System.Collections.Immutable;

namespace RegionLock.Ledger.Devices.Notices;

/// <summary>
/// The owner's notice of one warning, folded inline from its own stream (keyed by the warning id): every attempt to
/// deliver it. A stream of its own, so that delivering notices never races the enforcement pipeline's writes to the
/// device.
/// </summary>
public sealed record Notice(string Id, string Imei, Guid WarningId, ImmutableList<NoticeAttempted> Attempts,
                            DateTimeOffset? DeliveredAt, int Version)
{
    public static Notice Create(NoticeDelivered delivered) =>
        new Notice(delivered.WarningId.ToString(), delivered.Imei, delivered.WarningId, [], null, 0).Apply(delivered);

    public static Notice Create(NoticeFailed failed) =>
        new Notice(failed.WarningId.ToString(), failed.Imei, failed.WarningId, [], null, 0).Apply(failed);

    public Notice Apply(NoticeDelivered delivered) =>
        this with
        {
            Attempts = Attempts.Add(new NoticeAttempted(delivered.Attempt, delivered.EffectiveAt, delivered.Status, null, null)),
            DeliveredAt = delivered.EffectiveAt,
        };

    public Notice Apply(NoticeFailed failed) =>
        this with { Attempts = Attempts.Add(new NoticeAttempted(failed.Attempt, failed.EffectiveAt, null, failed.Error, failed.RetryAt)) };
}

/// <param name="Status">The webhook's answer, when it gave one.</param>
/// <param name="RetryAt">When the next attempt was scheduled, after a failure.</param>
public sealed record NoticeAttempted(int Attempt, DateTimeOffset At, int? Status, string? Error, DateTimeOffset? RetryAt);
