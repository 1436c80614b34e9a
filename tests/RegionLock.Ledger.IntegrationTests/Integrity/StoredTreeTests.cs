using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;
using RegionLock.Ledger.Tests.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Proofs served from the stored tiles at sizes around tile edges, checked by the independent RFC 9162 verifier
/// against tree heads it computes itself. The tree is written straight into its tables (65,537 leaves in a second),
/// as the chain would have written it.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class StoredTreeTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private static readonly long[] Sizes = [255, 256, 257, 65_535, 65_536, 65_537];
    private static readonly List<byte[]> Leaves =
        Enumerable.Range(0, 65_537).Select(i => Encoding.UTF8.GetBytes($"leaf {i}")).ToList();
    private static readonly Dictionary<long, byte[]> Heads =
        Sizes.ToDictionary(size => size, size => Rfc9162Verifier.TreeHead(Leaves.Take((int)size).ToList()));

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        var hashes = Leaves.Select(Rfc9162Verifier.HashLeaf).ToList();
        var tree = new List<TreeHash>();
        var edge = new TreeEdge();
        foreach (var hash in hashes) edge.Append(hash, tree);

        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await using (var chain = await connection.BeginBinaryImportAsync(
                         $"copy {IntegritySchema.ChainTable} (sequence, leaf_index, leaf_hash, chain_hash) from stdin (format binary)"))
        {
            for (var i = 0; i < hashes.Count; i++)
                await chain.WriteRowAsync(CancellationToken.None, i + 1L, (long)i, hashes[i], new byte[32]);
            await chain.CompleteAsync();
        }
        await using (var nodes = await connection.BeginBinaryImportAsync(
                         $"copy {IntegritySchema.TreeTable} (level, node_index, hash) from stdin (format binary)"))
        {
            foreach (var node in tree) await nodes.WriteRowAsync(CancellationToken.None, (short)node.Level, node.Index, node.Hash);
            await nodes.CompleteAsync();
        }
        foreach (var size in Sizes)
        {
            await ledger.Sql(
                $"""
                 insert into {IntegritySchema.CheckpointTable} (tree_size, last_sequence, root_hash, chain_hash, created_at, key_id, signature)
                 values ({size}, {size}, '\x{Convert.ToHexStringLower(Heads[size])}', '\x00', now(), 'test', '\x00')
                 """);
        }
    }

    public Task DisposeAsync() => ledger.Reset();

    [Fact]
    public async Task the_log_serves_the_tiles_of_every_size_around_tile_edges_and_they_give_its_root()
    {
        // Published as the log publishes: a note of the largest tree; tiles of smaller trees are its prefixes.
        var size = Sizes[^1];
        var signer = ledger.Host.Services.GetRequiredService<LogSigner>();
        var note = signer.SignedCheckpoint(size, Heads[size], signer.Current);
        await ledger.Sql($"update {IntegritySchema.CheckpointTable} set note = '{note}' where tree_size = {size}");
        await ledger.Sql($"insert into {IntegritySchema.PublicationTable} (tree_size, published_at) values ({size}, now())");
        var fetched = new HashSet<string>();

        foreach (var treeSize in Sizes)
        {
            var leaves = await C2spVerifier.LeafHashes(treeSize, async path =>
            {
                fetched.Add(path);
                return await ledger.Client.GetByteArrayAsync($"/api/integrity/log/{path}");
            });
            Assert.Equal(Heads[treeSize], Rfc9162Verifier.TreeHeadOfLeafHashes(leaves));
        }
        // The tlog-tiles example's shapes: full and partial tiles of levels 0 and 1, a partial tile of level 2.
        Assert.Contains("tile/1/000", fetched);
        Assert.Contains("tile/1/000.p/255", fetched);
        Assert.Contains("tile/2/000.p/1", fetched);
        Assert.Contains("tile/0/255.p/255", fetched);
        Assert.Contains("tile/0/256.p/1", fetched);
    }


    [Fact]
    public async Task the_root_of_every_checkpointed_size_is_reproduced_from_the_stored_tiles()
    {
        var tree = ledger.Host.Services.GetRequiredService<StoredTree>();
        foreach (var size in Sizes) Assert.Equal(Heads[size], await tree.Root(size, CancellationToken.None));
    }

    [Fact]
    public async Task inclusion_proofs_from_the_tiles_verify_around_tile_edges()
    {
        foreach (var size in Sizes)
        {
            foreach (var index in new long[] { 0, 1, 127, 254, 255, 256, size / 2, size - 2, size - 1 }.Where(i => i < size).Distinct())
            {
                var proof = await ledger.Get($"/api/integrity/proof/{index + 1}?treeSize={size}");
                Assert.Equal(index, proof.GetProperty("leafIndex").GetInt64());
                Assert.True(Rfc9162Verifier.VerifyInclusion(index, size, Rfc9162Verifier.HashLeaf(Leaves[(int)index]),
                        proof.GetProperty("auditPath").EnumerateArray().Select(IntegrityFixture.Hash).ToList(), Heads[size]),
                    $"leaf {index} in a tree of {size}");
            }
        }
    }

    [Fact]
    public async Task consistency_proofs_from_the_tiles_verify_between_every_two_sizes()
    {
        foreach (var from in Sizes)
        foreach (var to in Sizes.Where(to => to >= from))
        {
            var proof = await ledger.Get($"/api/integrity/consistency?from={from}&to={to}");
            Assert.True(Rfc9162Verifier.VerifyConsistency(from, to, Heads[from], Heads[to],
                proof.GetProperty("proof").EnumerateArray().Select(IntegrityFixture.Hash).ToList()), $"{from} to {to}");
        }
    }

    [Fact]
    public async Task a_ledger_chained_before_the_tree_was_stored_gets_its_tree_from_the_leaf_hashes()
    {
        await ledger.Sql($"truncate {IntegritySchema.TreeTable}");
        var missing = new List<TreeHash>();

        var edge = await ledger.Host.Services.GetRequiredService<StoredTree>().Edge(65_537, missing, CancellationToken.None);

        Assert.Equal(Heads[65_537], edge.Root());
        Assert.Equal(257, missing.Count);
    }

    [Theory]
    [InlineData("/api/integrity/proof/1?treeSize=100")]
    [InlineData("/api/integrity/proof/65538?treeSize=65537")]
    [InlineData("/api/integrity/proof/-5")]
    [InlineData("/api/integrity/proof/abc")]
    [InlineData("/api/integrity/proof/9223372036854775807")]
    [InlineData("/api/integrity/consistency?from=255&to=100000")]
    public async Task a_proof_beyond_the_tree_or_of_no_checkpoint_is_a_404_problem(string url) =>
        await ledger.Refuses(System.Net.HttpStatusCode.NotFound, () => ledger.Client.GetAsync(url));

    [Theory]
    [InlineData("/api/integrity/proof/1?treeSize=0")]
    [InlineData("/api/integrity/proof/1?treeSize=abc")]
    [InlineData("/api/integrity/proof/1?treeSize=99999999999999999999")]
    [InlineData("/api/integrity/consistency?from=65537&to=255")]
    public async Task a_malformed_proof_request_is_a_400_problem(string url) =>
        await ledger.Refuses(System.Net.HttpStatusCode.BadRequest, () => ledger.Client.GetAsync(url));
}
