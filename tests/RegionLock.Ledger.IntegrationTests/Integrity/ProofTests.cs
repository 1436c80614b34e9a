using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Tests.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>What an outside auditor checks: proofs against signed tree heads, and the signature with openssl.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class ProofTests(IntegrityFixture ledger) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ledger.RegisterAndSign(3);
        await ledger.RegisterAndSign(4);
    }

    public Task DisposeAsync() => Task.CompletedTask;


    [Fact]
    public async Task every_event_has_an_inclusion_proof_in_the_latest_checkpoint()
    {
        var checkpoint = await ledger.Get("/api/integrity/checkpoints/latest");
        Assert.Equal(9, checkpoint.GetProperty("treeSize").GetInt64()); // 7 and the checkpoint and log keys' adoptions

        foreach (var sequence in await ledger.Sequences())
        {
            var proof = await ledger.Get($"/api/integrity/proof/{sequence}");
            Assert.True(Rfc9162Verifier.VerifyInclusion(proof.GetProperty("leafIndex").GetInt64(), proof.GetProperty("treeSize").GetInt64(),
                IntegrityFixture.Hash(proof.GetProperty("leafHash")), proof.GetProperty("auditPath").EnumerateArray().Select(IntegrityFixture.Hash).ToList(),
                IntegrityFixture.Hash(checkpoint.GetProperty("rootHash"))), $"event {sequence}");
        }
    }

    [Fact]
    public async Task the_two_checkpoints_are_consistent()
    {
        var proof = await ledger.Get("/api/integrity/consistency?from=5&to=9");

        Assert.True(Rfc9162Verifier.VerifyConsistency(5, 9, IntegrityFixture.Hash(proof.GetProperty("fromRootHash")),
            IntegrityFixture.Hash(proof.GetProperty("toRootHash")), proof.GetProperty("proof").EnumerateArray().Select(IntegrityFixture.Hash).ToList()));
    }

    [Fact]
    public async Task a_leaf_hash_is_the_hash_of_the_events_canonical_encoding()
    {
        var sequence = (await ledger.Sequences())[0];
        var encoding = await EncodingOf(sequence);

        var proof = await ledger.Get($"/api/integrity/proof/{sequence}");

        Assert.Equal(Convert.ToHexStringLower(Rfc9162Verifier.HashLeaf(Encoding.UTF8.GetBytes(encoding))),
                     proof.GetProperty("leafHash").GetString());
        Assert.StartsWith("{\"id\": ", encoding);
    }

    [SkippableFact]
    public async Task openssl_verifies_the_checkpoint_signature_with_the_published_key()
    {
        Skip.IfNot(OpenSsl.IsInstalled(), "openssl is not installed: the signature was not checked with it");
        var checkpoint = await ledger.Get("/api/integrity/checkpoints/latest");
        var folder = Directory.CreateTempSubdirectory("checkpoint-");
        var statement = Path.Combine(folder.FullName, "statement.txt");
        var signature = Path.Combine(folder.FullName, "statement.sig");
        var key = Path.Combine(folder.FullName, "public.pem");
        await File.WriteAllTextAsync(statement, checkpoint.GetProperty("statement").GetString());
        await File.WriteAllBytesAsync(signature, Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!));
        await File.WriteAllTextAsync(key, checkpoint.GetProperty("publicKey").GetString());

        Assert.Equal((0, "Verified OK"), OpenSsl.Run("dgst", "-sha256", "-verify", key, "-signature", signature, statement));

        await File.AppendAllTextAsync(statement, "forged\n");
        Assert.NotEqual(0, OpenSsl.Run("dgst", "-sha256", "-verify", key, "-signature", signature, statement).Exit);
    }

    [SkippableFact]
    public async Task an_audit_export_verifies_with_standard_tools_and_one_changed_byte_fails_it()
    {
        Skip.IfNot(OpenSsl.IsInstalled() && Tool.Run("python3", "--version").Exit == 0,
                   "python3 or openssl is not installed: the export was not checked with them");
        var folder = Directory.CreateTempSubdirectory("audit-export-").FullName;
        await ledger.Host.Services.GetRequiredService<AuditExport>().WriteAsync(folder, CancellationToken.None);
        var script = Path.Combine(Tool.RepositoryRoot(), "ops", "audit", "verify-export");

        var verified = Tool.Run("python3", script, folder);
        Assert.True(verified.Exit == 0, verified.Output);
        Assert.StartsWith("VERIFIED: 9 events", verified.Output);

        var events = Path.Combine(folder, "events.jsonl");
        var bytes = await File.ReadAllBytesAsync(events);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(events, bytes);
        var tampered = Tool.Run("python3", script, folder);
        Assert.Equal(1, tampered.Exit);
        Assert.StartsWith("NOT VERIFIED", tampered.Output);
    }

    [Theory]
    [InlineData("/api/integrity/consistency?from=abc&to=7")]
    [InlineData("/api/integrity/consistency?from=3")]
    [InlineData("/api/integrity/consistency?from=-3&to=7")]
    public async Task a_consistency_request_without_two_tree_sizes_is_a_400_problem(string url) =>
        await (await ledger.Client.GetAsync(url)).Problem(System.Net.HttpStatusCode.BadRequest);

    [Fact]
    public async Task a_proof_for_an_event_not_in_the_ledger_is_a_404_problem() =>
        await (await ledger.Client.GetAsync("/api/integrity/proof/999999")).Problem(System.Net.HttpStatusCode.NotFound);

    private async Task<string> EncodingOf(long sequence)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await foreach (var leaf in EventLeaves.Read(connection, sequence - 1, sequence, CancellationToken.None))
            return Encoding.UTF8.GetString(leaf.Encoding);
        throw new InvalidOperationException($"no event {sequence}");
    }
}

/// <summary>The openssl command line, as an auditor runs it.</summary>
public static class OpenSsl
{
    public static bool IsInstalled() => Run("version").Exit == 0;

    public static (int Exit, string Output) Run(params string[] arguments) => Tool.Run("openssl", arguments);
}
