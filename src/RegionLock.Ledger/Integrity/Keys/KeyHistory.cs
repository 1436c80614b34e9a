namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// The ledger's signing keys, recorded in the ledger itself as events of one stream: chained and checkpointed like
/// every event, and in every audit export. A key is recorded when it first signs (or, for tokens, when the service
/// starts); a new key of a kind enters only by a rotation, signed by the key it replaces.
/// </summary>
public sealed class KeyHistory(IDocumentStore store, TimeProvider clock)
{
    public const string Stream = "signing-keys";

    /// <summary>Who the ledger records as the author of a key it records by itself.</summary>
    private static readonly Actor Ledger = new("regionlock-ledger", Access.Role.Admin);

    public async Task<KeyTimeline> Read(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Stream, token: cancellation);
        return new KeyTimeline(events.Where(e => e.Data is SigningKeyAdopted).Select(e => ((SigningKeyAdopted)e.Data, e.Sequence)));
    }

    /// <summary>The public key (PEM) of a recorded key, for what it signed: checkpoints carry their key's id.</summary>
    public async Task<string> PublicKey(string kind, string keyId, CancellationToken cancellation) =>
        (await Read(cancellation)).Find(kind, keyId)?.Adoption.PublicKey
        ?? throw new InvalidOperationException($"the {kind} key {keyId} is not in the ledger's key history");

    /// <summary>
    /// Records the key where the history has none of its kind yet. A key of a kind that already has another is
    /// refused: it may only come in by <see cref="Rotate"/>, or the ledger would sign with a key nobody vouched for.
    /// </summary>
    public async Task EnsureRecorded(ISigningKey key, CancellationToken cancellation)
    {
        var timeline = await Read(cancellation);
        if (timeline.Find(key.Kind, key.KeyId) is not null) return;
        if (timeline.Current(key.Kind) is { } current)
            throw new InvalidOperationException(
                $"the {key.Kind} key {key.KeyId} is not in the ledger's key history (its {key.Kind} key is {current.KeyId}): " +
                $"keys are changed with `keys rotate --kind {key.Kind}`");
        await Append(SigningKeyAdopted.Of(key, null, clock.GetUtcNow()), Ledger, cancellation);
    }

    /// <summary>Records that <paramref name="next"/> replaces <paramref name="current"/>, signed by both, from now on.</summary>
    public async Task<SigningKeyAdopted> Rotate(ISigningKey current, ISigningKey next, Actor by, CancellationToken cancellation)
    {
        await EnsureRecorded(current, cancellation);
        var adoption = SigningKeyAdopted.Of(next, current, clock.GetUtcNow());
        await Append(adoption, by, cancellation);
        return adoption;
    }

    private async Task Append(SigningKeyAdopted adoption, Actor by, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        CommandMetadata.StampActor(session, by);
        session.Events.Append(Stream, adoption);
        await session.SaveChangesAsync(cancellation);
    }
}
