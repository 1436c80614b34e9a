using System.Text;
using Marten.Services;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// Refuses, before anything is written, an event whose canonical encoding could exceed 65,535 bytes: a tlog-tiles
/// entry bundle prefixes each entry with a uint16 length, so a larger one could never be served. The encoding is
/// jsonb's text form of the event (see <see cref="EventLeaves"/>), which PostgreSQL makes only once it is stored, so
/// it is bounded from above: jsonb's text adds at most one space after each ':' and ',' of the JSON Marten stores (and
/// prints escaped characters shorter), so it is at most twice that, plus the envelope's fields.
/// </summary>
public sealed class EntryLimit : DocumentSessionListenerBase
{
    public const int MaxEntryBytes = ushort.MaxValue;

    /// <summary>The envelope's keys and fixed-width values: sequence, id, version, recording time, punctuation.</summary>
    private const int EnvelopeBytes = 256;

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        foreach (var stream in session.PendingChanges.Streams())
        {
            foreach (var e in stream.Events)
            {
                var bound = Bound(serializer.ToJson(e.Data), serializer.ToJson(e.Headers ?? []),
                                  stream.Key ?? stream.Id.ToString(), e.EventTypeName, e.UserName ?? session.LastModifiedBy,
                                  e.CorrelationId ?? session.CorrelationId, e.CausationId ?? session.CausationId);
                if (bound > MaxEntryBytes)
                    throw new EntryTooLarge(
                        $"the event {e.EventTypeName} could take up to {bound:N0} bytes as a log entry; the log's entries are " +
                        $"at most {MaxEntryBytes:N0} bytes (c2sp.org/tlog-tiles entry bundles: uint16 length prefixes). Send less.");
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>An upper bound of the length of the canonical encoding of an event with these stored parts.</summary>
    public static long Bound(string dataJson, string headersJson, params string?[] envelope) =>
        2L * (Encoding.UTF8.GetByteCount(dataJson) + Encoding.UTF8.GetByteCount(headersJson))
        + 2L * envelope.Sum(text => text is null ? 0 : Encoding.UTF8.GetByteCount(text)) + EnvelopeBytes;
}
