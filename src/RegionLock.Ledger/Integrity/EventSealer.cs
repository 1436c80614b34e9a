using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using System.Text;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Seals each event as the service appends it: an HMAC-SHA256, under a key PostgreSQL never sees, over the event's
/// id, stream, type, user name and data as the service serialized them, kept in the event's own headers (so it is
/// written in the same transaction and covered by the chain). The chain extends only over sealed events: a row
/// inserted straight into the event table, or one edited before the chain reached it, has no valid seal and is
/// refused. The key comes from Integrity:SealKeyFile (32 random bytes, base64); where none exists and
/// Integrity:CreateDevelopmentKey is true, one is generated there.
/// </summary>
public sealed class EventSealer
{
    public const string Header = "seal";

    private readonly byte[] _key;

    public EventSealer(IOptions<IntegritySettings> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        var (file, key) = KeyFiles.Configured(settings.SealKeyFile, settings.CreateDevelopmentKey, environment, "event-seal.key",
                                              () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "Integrity:SealKeyFile");
        _key = Convert.FromBase64String(key.Trim());
        if (_key.Length < 32) throw new InvalidOperationException($"the seal key in {file} is shorter than 32 bytes");
    }

    /// <summary>The seal of an event, as its header holds it (lower-case hex).</summary>
    public string Seal(Guid id, string? stream, string type, string? userName, string data)
    {
        var message = string.Join('\n', "regionlock-ledger seal v1", id.ToString("D"), stream ?? "", type, userName ?? "", data);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>Why the chain must refuse an event read back from the record, or null where it is genuine.</summary>
    public string? Refusal(IEvent e, ISerializer serializer)
    {
        // Marten's own placeholders for the sequence numbers of failed transactions: no fact, no seal.
        if (e.EventTypeName == "tombstone" && e.StreamKey == Tombstone.StreamKey) return null;
        if (e.GetHeader(Header)?.ToString() is not { Length: > 0 } seal) return "it has no seal: the service did not append it";
        var expected = Seal(e.Id, e.StreamKey, e.EventTypeName, e.UserName, serializer.ToJson(e.Data));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(seal), Encoding.ASCII.GetBytes(expected))
            ? null
            : "its seal does not match it: it was changed after the service appended it";
    }
}

/// <summary>Seals every event a session appends, just before it is saved (<see cref="EventSealer"/>).</summary>
public sealed class EventSealing(EventSealer sealer) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        foreach (var stream in session.PendingChanges.Streams())
        {
            foreach (var e in stream.Events)
            {
                if (e.Id == Guid.Empty) e.Id = Guid.CreateVersion7();
                // An event's own user name (an enforcement lock's) is what Marten stores; the session's fills the rest.
                e.SetHeader(EventSealer.Header, sealer.Seal(e.Id, stream.Key, e.EventTypeName, e.UserName ?? session.LastModifiedBy,
                                                            serializer.ToJson(e.Data)));
            }
        }
        return Task.CompletedTask;
    }
}
