using Microsoft.AspNetCore.Mvc;
using RegionLock.Ledger.Infrastructure.Problems;
using Wolverine.Http;
using RegionLock.Ledger.Access;

namespace RegionLock.Ledger.Integrity;

/// <summary>A checkpoint as an auditor reads it: the signed statement, the signature and the key that checks it.</summary>
public sealed record CheckpointView(long TreeSize, long LastSequence, string RootHash, string ChainHash,
                                    DateTimeOffset CreatedAt, string KeyId, string Statement, string Signature,
                                    string PublicKey)
{
    public static CheckpointView Of(Checkpoint c, CheckpointSigner signer) =>
        new(c.TreeSize, c.LastSequence, Hex(c.RootHash), Hex(c.ChainHash), c.CreatedAt, c.KeyId,
            System.Text.Encoding.ASCII.GetString(c.Statement()), Convert.ToBase64String(c.Signature), signer.PublicKeyPem);

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
    [WolverineGet("/api/integrity/verify"), ProducesResponseType<VerificationReport>(200)]
    public static Task<VerificationReport> Verify(Verification verification, CancellationToken cancellation) =>
        verification.RunAsync(null, cancellation);

    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/checkpoints/latest"), ProducesResponseType<CheckpointView>(200)]
    public static async Task<CheckpointView> Latest(ChainStore chain, CheckpointSigner signer, CancellationToken cancellation) =>
        CheckpointView.Of(await chain.LatestCheckpoint(cancellation)
                          ?? throw new NotInLedger("no checkpoint has been signed yet"), signer);

    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/proof/{sequence}"), ProducesResponseType<InclusionProofView>(200)]
    public static async Task<InclusionProofView> Proof(long sequence, ChainStore chain, CancellationToken cancellation)
    {
        var checkpoint = await chain.LatestCheckpoint(cancellation)
                         ?? throw new NotInLedger("no checkpoint has been signed yet");
        var index = await chain.LeafIndexOf(sequence, cancellation)
                    ?? throw new NotInLedger($"event {sequence} is not in the chain (yet)");
        if (index >= checkpoint.TreeSize)
            throw new NotInLedger($"event {sequence} is after the latest checkpoint (size {checkpoint.TreeSize}); ask again shortly");

        var leaves = await chain.LeafHashes(checkpoint.TreeSize, cancellation);
        return new InclusionProofView(sequence, index, checkpoint.TreeSize, CheckpointView.Hex(leaves[(int)index]),
                                      MerkleTree.InclusionProof(leaves, index).Select(CheckpointView.Hex).ToList(),
                                      CheckpointView.Hex(checkpoint.RootHash));
    }

    [Allow(Role.Auditor, Role.Admin)]
    [WolverineGet("/api/integrity/consistency"), ProducesResponseType<ConsistencyProofView>(200)]
    public static async Task<ConsistencyProofView> Consistency([FromQuery(Name = "from")] string? fromText,
                                                               [FromQuery(Name = "to")] string? toText, ChainStore chain,
                                                               CancellationToken cancellation)
    {
        var from = TreeSize(fromText, "from");
        var to = TreeSize(toText, "to");
        var checkpoints = await chain.Checkpoints(cancellation);
        var older = checkpoints.FirstOrDefault(c => c.TreeSize == from)
                    ?? throw new NotInLedger($"no checkpoint of tree size {from}");
        var newer = checkpoints.FirstOrDefault(c => c.TreeSize == to)
                    ?? throw new NotInLedger($"no checkpoint of tree size {to}");
        if (older.TreeSize > newer.TreeSize)
            throw new BadHttpRequestException("'from' must not be larger than 'to'", 400);

        var leaves = await chain.LeafHashes(newer.TreeSize, cancellation);
        return new ConsistencyProofView(older.TreeSize, newer.TreeSize, CheckpointView.Hex(older.RootHash),
                                        CheckpointView.Hex(newer.RootHash),
                                        MerkleTree.ConsistencyProof(leaves, older.TreeSize).Select(CheckpointView.Hex).ToList());
    }

    private static long TreeSize(string? text, string name) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, null, out var size) && size > 0
            ? size
            : throw new BadHttpRequestException($"'{name}' must be the tree size of a checkpoint, a positive whole number", 400);
}
