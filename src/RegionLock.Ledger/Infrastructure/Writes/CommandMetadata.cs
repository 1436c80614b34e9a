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

    /// <summary>
    /// Stamps a request's write, once its events are decided: the session's correlation and causation, and on every
    /// event the caller made (not those the ledger records as its own, such as an enforcement lock, which carry
    /// their actor already) who made it, under which request and key, and why.
    /// </summary>
    public static void Stamp(HttpContext context, IDocumentSession session) => Stamp(context, session, null);

    public static void StampWithReason<T>(HttpContext context, IDocumentSession session, T command) where T : ICommandWithReason =>
        Stamp(context, session, command.Reason);

    private static void Stamp(HttpContext context, IDocumentSession session, string? reason)
    {
        var request = context.Request;
        var correlation = request.Headers[CorrelationHeader].ToString();
        session.CorrelationId = correlation.Length is > 0 and <= 128 ? correlation : context.TraceIdentifier;
        session.CausationId = $"{request.Method} {request.Path}#{context.TraceIdentifier}";
        var actor = Actor.Of(context);
        session.LastModifiedBy = actor.Principal;
        var key = request.Headers[IdempotencyKey.Header].ToString();
        foreach (var e in session.PendingChanges.Streams().SelectMany(stream => stream.Events)
                     .Where(e => e.GetHeader(Keys.Principal) is null))
        {
            Record(e, actor, reason);
            e.SetHeader(Keys.Request, $"{request.Method} {request.Path}");
            if (key.Length > 0) e.SetHeader(Keys.IdempotencyKey, key);
        }
    }

    /// <summary>
    /// An event the ledger records as its own actor's within another's write (enforcement locking a device in the
    /// observation's transaction): its own principal, role and reason, caused by the event that led to it.
    /// </summary>
    public static IEvent OwnEvent<T>(T data, Actor actor, string reason, IEvent cause) where T : notnull
    {
        var e = ActorEvent(data, actor);
        e.CausationId = cause.Id.ToString();
        e.SetHeader(Keys.Reason, reason);
        return e;
    }

    /// <summary>
    /// An event recorded as an actor's, stamped before it is appended (inline projections see its stamp); typed by the
    /// data's own type, whatever the caller holds it as.
    /// </summary>
    public static IEvent ActorEvent(object data, Actor actor)
    {
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.Id = Guid.CreateVersion7();
        e.UserName = actor.Principal;
        Record(e, actor, null);
        return e;
    }

    /// <summary>Who the events of a session are recorded as made by: the actor a message names.</summary>
    public static void StampActor(IDocumentSession session, Actor actor)
    {
        session.LastModifiedBy = actor.Principal;
        session.SetHeader(Keys.Principal, actor.Principal);
        session.SetHeader(Keys.Role, actor.Role);
    }

    private static void Record(IEvent e, Actor actor, string? reason)
    {
        e.SetHeader(Keys.Principal, actor.Principal);
        e.SetHeader(Keys.Role, actor.Role);
        if (reason is not null) e.SetHeader(Keys.Reason, reason);
    }
}

/// <summary>A command that carries the free-text reason its events are recorded with.</summary>
public interface ICommandWithReason
{
    string Reason { get; }
}
