namespace RegionLock.Ledger.AccessLog;

/// <summary>
/// Records a read marked <see cref="RecordsAccessAttribute"/> in the access log when its answer is about to be sent
/// successfully: the entry is committed before the first byte of the data leaves, and if it cannot be, the data does
/// not leave. Refused and failed reads are not entries (their problem documents hold no data).
/// </summary>
public sealed class AccessRecording(RequestDelegate next, IDocumentStore store, TimeProvider clock)
{
    public const string PurposeHeader = "Access-Purpose";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RecordsAccessAttribute>() is { } read
            && context.User.Identity?.IsAuthenticated == true && Target(context, read) is { } target)
        {
            context.Response.OnStarting(() => context.Response.StatusCode < 300 ? Record(context, read.Kind, target) : Task.CompletedTask);
        }
        return next(context);
    }

    private static string? Target(HttpContext context, RecordsAccessAttribute read)
    {
        if (read.Target is null) return $"{context.Request.Path}{context.Request.QueryString}";
        var value = context.Request.RouteValues[read.Target]?.ToString() ?? context.Request.Query[read.Target].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private async Task Record(HttpContext context, string kind, string target)
    {
        var purpose = context.Request.Headers[PurposeHeader].ToString();
        var now = clock.GetUtcNow();
        var accessed = new DataAccessed(Guid.CreateVersion7(), kind, target.Length > 500 ? target[..500] : target,
                                        purpose.Length == 0 ? null : purpose.Length > 500 ? purpose[..500] : purpose, now);
        await using var session = store.LightweightSession();
        // A stream a day: appends of many readers at once do not queue on one stream's row for long.
        session.Events.Append($"access-log-{now.UtcDateTime:yyyy-MM-dd}", CommandMetadata.ActorEvent(accessed, Actor.Of(context)));
        await session.SaveChangesAsync(CancellationToken.None);
    }
}
