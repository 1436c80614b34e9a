using Microsoft.Extensions.Options;
using Wolverine;

namespace RegionLock.Ledger.Devices.Notices;

/// <summary>An attempt to deliver a warning's notice to its owner: a durable message, sent with the warning's commit.</summary>
public sealed record SendNotice(string Imei, Guid WarningId, Guid WarnedEventId, string Region, int PolicyVersion,
                                DateTimeOffset LockDueAt, int Attempt);

public static class Noticing
{
    /// <summary>What an attempt records: delivered, or failed with the next attempt's time while attempts remain.</summary>
    public static object Decide(SendNotice notice, NoticeAttempt attempt, NoticeSettings settings, DateTimeOffset now) =>
        attempt.Delivered
            ? new NoticeDelivered(notice.Imei, notice.WarningId, notice.Attempt, attempt.Status!.Value, now)
            : new NoticeFailed(notice.Imei, notice.WarningId, notice.Attempt, attempt.Error ?? "not delivered",
                               notice.Attempt < settings.MaxAttempts ? now + settings.RetryAfter(notice.Attempt) : null, now);
}

/// <summary>
/// Each attempt is recorded on the notice's stream and the next is scheduled in the same commit: back-off written by
/// hand rather than with Wolverine's retry policy because every failed attempt is itself a fact the ledger keeps.
/// </summary>
public static class SendNoticeHandler
{
    public static async Task<OutgoingMessages> Handle(SendNotice notice, IDocumentSession session, NoticeWebhook webhook,
                                                      IOptions<NoticeSettings> settings, TimeProvider clock,
                                                      CancellationToken cancellation)
    {
        var attempt = await webhook.Deliver(notice, cancellation);
        var outcome = Noticing.Decide(notice, attempt, settings.Value, clock.GetUtcNow());
        var cause = new Event<SendNotice>(notice) { Id = notice.WarnedEventId };
        var reason = $"notice of warning {notice.WarningId}, attempt {notice.Attempt}";
        var stream = notice.WarningId.ToString();
        var messages = new OutgoingMessages();
        switch (outcome)
        {
            case NoticeDelivered delivered:
                session.Events.Append(stream, CommandMetadata.OwnEvent(delivered, Actor.Enforcement, reason, cause));
                break;
            case NoticeFailed failed:
                session.Events.Append(stream, CommandMetadata.OwnEvent(failed, Actor.Enforcement, reason, cause));
                if (failed.RetryAt is { } retryAt) messages.Schedule(notice with { Attempt = notice.Attempt + 1 }, retryAt);
                break;
        }
        return messages;
    }
}
