namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// Stamps who, why and under which request every event of a write was appended. Marten stores these with each
/// event (user name, correlation and causation ids, headers); the recorded time is Marten's own timestamp.
/// </summary>
public static class CommandMetadata
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static class Keys
    {
        public const string Principal = "principal";
        public const string Role = "role";
        public const string Reason = "reason";
        public const string IdempotencyKey = "idempotency-key";
        public const string Request = "request";
    }

    public static void Stamp(HttpContext context, IDocumentSession session)
    {
        var request = context.Request;
        var correlation = request.Headers[CorrelationHeader].ToString();
        session.CorrelationId = correlation.Length is > 0 and <= 128 ? correlation : context.TraceIdentifier;
        session.CausationId = $"{request.Method} {request.Path}#{context.TraceIdentifier}";
        StampActor(session, Actor.Of(context));
        session.SetHeader(Keys.Request, $"{request.Method} {request.Path}");
        if (request.Headers[IdempotencyKey.Header].ToString() is { Length: > 0 } key)
            session.SetHeader(Keys.IdempotencyKey, key);
    }

    /// <summary>Who the events are recorded as made by: the caller of a request, or the actor a message names.</summary>
    public static void StampActor(IDocumentSession session, Actor actor)
    {
        session.LastModifiedBy = actor.Principal;
        session.SetHeader(Keys.Principal, actor.Principal);
        session.SetHeader(Keys.Role, actor.Role);
    }

    public static void StampReason<T>(T command, IDocumentSession session) where T : ICommandWithReason =>
        session.SetHeader(Keys.Reason, command.Reason);
}

/// <summary>A command that carries the free-text reason its events are recorded with.</summary>
public interface ICommandWithReason
{
    string Reason { get; }
}
