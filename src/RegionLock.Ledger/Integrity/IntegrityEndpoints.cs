using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Integrity;

/// <summary>A checkpoint as an auditor reads it: the signed statement, the signature and the key that checks it.</summary>
public sealed record CheckpointView(long TreeSize, long LastSequence, string RootHash, string ChainHash,
                                    DateTimeOffset CreatedAt, string KeyId, string Statement, string Signature,
                                    string PublicKey)
{
    public static CheckpointView Of(Checkpoint c, string publicKey) =>
        new(c.TreeSize, c.LastSequence, Hex(c.RootHash), Hex(c.ChainHash), c.CreatedAt, c.KeyId,
            System.Text.Encoding.ASCII.GetString(c.Statement()), Convert.ToBase64String(c.Signature), publicKey);

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>RFC 9162 inclusion proof of one event in the tree of a checkpoint.</summary>
public sealed record InclusionProofView(long Sequence, long LeafIndex, long TreeSize, string LeafHash,
                                        IReadOnlyList<string> AuditPath, string RootHash);

/// <summary>RFC 9162 consistency proof between the trees of two checkpoints.</summary>
public sealed record ConsistencyProofView(long FromTreeSize, long ToTreeSize, string FromRootHash, string ToRootHash,
                                          IReadOnlyList<string> Proof);

public static class IntegrityEndpoints
{
    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/checkpoints/latest"), ProducesResponseType<CheckpointView>(200)]
    public static async Task<CheckpointView> Latest(ChainStore chain, KeyHistory keys, CancellationToken cancellation)
    {
        var checkpoint = await chain.LatestCheckpoint(cancellation) ?? throw new NotInLedger("no checkpoint has been signed yet");
        return CheckpointView.Of(checkpoint, await keys.PublicKey(SigningKeyKind.Checkpoint, checkpoint.KeyId, cancellation));
    }

    /// <summary>
    /// The proof in the tree of the latest checkpoint, or of the checkpoint of <c>treeSize</c> (one an auditor holds).
    /// Reads O(log n) stored hashes of the tree, whatever the ledger's size.
    /// </summary>
    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/proof/{sequence}"), ProducesResponseType<InclusionProofView>(200)]
    public static async Task<InclusionProofView> Proof(long sequence, [FromQuery(Name = "treeSize")] string? treeSizeText,
                                                       ChainStore chain, StoredTree tree, CancellationToken cancellation)
    {
        var checkpoint = QueryNumber.Parse(treeSizeText, "treeSize", 1, long.MaxValue) is { } size
            ? await chain.Checkpoint(size, cancellation) ?? throw new NotInLedger($"no checkpoint of tree size {size}")
            : await chain.LatestCheckpoint(cancellation) ?? throw new NotInLedger("no checkpoint has been signed yet");
        var leaf = await chain.Row(sequence, cancellation)
                   ?? throw new NotInLedger($"event {sequence} is not in the chain (yet)");
        if (leaf.LeafIndex >= checkpoint.TreeSize)
            throw new NotInLedger($"event {sequence} is after the checkpoint of tree size {checkpoint.TreeSize}; ask again shortly");

        var path = await tree.InclusionProof(checkpoint.TreeSize, leaf.LeafIndex, cancellation);
        return new InclusionProofView(sequence, leaf.LeafIndex, checkpoint.TreeSize, CheckpointView.Hex(leaf.LeafHash),
                                      path.Select(CheckpointView.Hex).ToList(), CheckpointView.Hex(checkpoint.RootHash));
    }

    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/consistency"), ProducesResponseType<ConsistencyProofView>(200)]
    public static async Task<ConsistencyProofView> Consistency([FromQuery(Name = "from")] string? fromText,
                                                               [FromQuery(Name = "to")] string? toText, ChainStore chain,
                                                               StoredTree tree, CancellationToken cancellation)
    {
        var from = TreeSize(fromText, "from");
        var to = TreeSize(toText, "to");
        if (from > to) throw new BadHttpRequestException("'from' must not be larger than 'to'", 400);
        var older = await chain.Checkpoint(from, cancellation) ?? throw new NotInLedger($"no checkpoint of tree size {from}");
        var newer = await chain.Checkpoint(to, cancellation) ?? throw new NotInLedger($"no checkpoint of tree size {to}");

        var proof = await tree.ConsistencyProof(newer.TreeSize, older.TreeSize, cancellation);
        return new ConsistencyProofView(older.TreeSize, newer.TreeSize, CheckpointView.Hex(older.RootHash),
                                        CheckpointView.Hex(newer.RootHash), proof.Select(CheckpointView.Hex).ToList());
    }

    private static long TreeSize(string? text, string name) =>
        QueryNumber.Parse(text, name, 1, long.MaxValue)
        ?? throw new BadHttpRequestException($"'{name}' must be the tree size of a checkpoint, a positive whole number", 400);
}
