using Marten.Services;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// Every write answers with the global sequence of each event it appended, in the header Ledger-Event-Sequences
/// ("1041, 1042"): what a caller asks /api/integrity/log/proof/{sequence} for a receipt with. Marten learns the
/// sequences when it commits, after the answer is decided, so they go in a header set once the commit is done. A
/// replayed answer (Idempotency-Key) appended nothing and carries none.
/// </summary>
public sealed class AppendedSequences(HttpContext context) : DocumentSessionListenerBase
{
    public const string Header = "Ledger-Event-Sequences";

    public static void Promise(HttpContext context, IDocumentSession session) => session.Listeners.Add(new AppendedSequences(context));

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var sequences = commit.GetEvents().Select(e => e.Sequence).Where(sequence => sequence > 0).Order().ToList();
        if (sequences.Count > 0 && !context.Response.HasStarted)
            context.Response.Headers[Header] = string.Join(", ", sequences);
        return Task.CompletedTask;
    }
}
