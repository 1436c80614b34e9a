using System.Collections.Concurrent;

namespace RegionLock.Ledger.Access.Revocations;

/// <summary>
/// The revocations every node holds in memory, kept up to date from the revocations stream in PostgreSQL (a read of
/// its new events by the stream's index, every second): a revoked token is refused by every node within seconds, and
/// checking one costs two dictionary look-ups. A revocation is forgotten once every token it names has expired.
/// </summary>
public sealed class RevocationList(IDocumentStore store, TimeProvider clock, ILogger<RevocationList> logger) : BackgroundService
{
    public const string Stream = "token-revocations";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The longest a token of any issuer is taken to live: a revocation matters that long.</summary>
    public static readonly TimeSpan Relevance = TokenIssuer.MaxLifetime;

    private readonly ConcurrentDictionary<string, TokensRevoked> _tokens = new();
    private readonly ConcurrentDictionary<string, TokensRevoked> _subjects = new();
    private long _version;

    /// <summary>Why a token is refused, or null: its own revocation, or its subject's for tokens issued before an instant.</summary>
    public string? WhyRevoked(string? tokenId, string? subject, DateTimeOffset issuedAt)
    {
        if (tokenId is not null && _tokens.TryGetValue(tokenId, out var token))
            return $"the bearer token was revoked at {token.EffectiveAt:O}: {token.Reason}";
        if (subject is not null && _subjects.TryGetValue(subject, out var all) && issuedAt < all.IssuedBefore)
            return $"the tokens of '{subject}' issued before {all.IssuedBefore:O} were revoked at {all.EffectiveAt:O}: {all.Reason}";
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await Refresh(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "revocations not refreshed; the last known ones still apply");
            }
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    public async Task Refresh(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var after = Interlocked.Read(ref _version);
        var added = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey == Stream && e.Version > after)
            .OrderBy(e => e.Version).ToListAsync(cancellation);
        foreach (var e in added)
        {
            if (e.Data is not TokensRevoked revoked) continue;
            if (revoked.TokenId is { } id) _tokens[id] = revoked;
            if (revoked.Subject is { } subject)
                _subjects.AddOrUpdate(subject, revoked, (_, known) => known.IssuedBefore >= revoked.IssuedBefore ? known : revoked);
        }
        if (added.Count > 0) Interlocked.Exchange(ref _version, added[^1].Version);
        var forgotten = clock.GetUtcNow() - Relevance;
        foreach (var (id, revoked) in _tokens) if (revoked.EffectiveAt < forgotten) _tokens.TryRemove(id, out _);
        foreach (var (subject, revoked) in _subjects) if (revoked.IssuedBefore < forgotten) _subjects.TryRemove(subject, out _);
    }
}

/// <summary>A bearer token (or console session) that was revoked: a 401 that says so.</summary>
public sealed class TokenRevokedException(string message) : Exception(message);
