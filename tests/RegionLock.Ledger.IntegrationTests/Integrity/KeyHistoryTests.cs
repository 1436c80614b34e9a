using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Signing keys are recorded in the ledger and rotated with the old key's signature: a rotation never turns an
/// untouched ledger into a tampered one, and a retired key signing after its retirement is found.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class KeyHistoryTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private static readonly Actor Keeper = new("keeper@test", "admin");

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ledger.RegisterAndSign(2);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private T Service<T>() where T : notnull => ledger.Host.Services.GetRequiredService<T>();

    [Fact]
    public async Task the_checkpoint_key_rotated_twice_under_writes_leaves_the_ledger_intact()
    {
        using var stop = new CancellationTokenSource();
        var devices = new DeviceApi(ledger.Client);
        var writes = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await devices.Register();
        });
        var checkpointing = Service<Checkpointing>();
        for (var rotation = 0; rotation < 2; rotation++)
        {
            await Task.Delay(500);
            await checkpointing.CreateAsync(CancellationToken.None);
            // The command an operator runs, in a process of its own, on the key file this service signs with.
            var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings,
                "keys", "rotate", "--kind", "checkpoint", "--by", "keeper@test");
            Assert.True(exitCode == 0, output + errors);
            await Task.Delay(500);
            await checkpointing.CreateAsync(CancellationToken.None);
        }
        await stop.CancelAsync();
        await writes;
        await ledger.SignCheckpoint();

        var report = await ledger.Verify();
        Assert.True(report.Intact, string.Join("; ", report.Findings) + report.Unverifiable);
        Assert.Equal(3, await ledger.Scalar($"select count(distinct key_id) from {IntegritySchema.CheckpointTable}"));
        var history = await Service<KeyHistory>().Read(CancellationToken.None);
        Assert.Equal(3, history.Keys.Count(k => k.Adoption.Kind == SigningKeyKind.Checkpoint));
        Assert.Empty(history.Problems());
        var (_, listed, _) = await ServiceProcess.Run(ledger.CommandSettings, "keys", "list");
        Assert.Equal(3, listed.Split('\n').Count(line => line.StartsWith("checkpoint")));
    }

    [Fact]
    public async Task the_log_key_rotated_signs_the_next_notes_and_every_note_still_verifies_against_the_history()
    {
        await ledger.RegisterAndSign(2);
        var before = await ledger.Client.GetStringAsync("/api/integrity/log/key");

        await Service<KeyRotation>().Rotate(SigningKeyKind.Log, Keeper, CancellationToken.None);
        await ledger.RegisterAndSign(2);

        var after = await ledger.Client.GetStringAsync("/api/integrity/log/key");
        Assert.NotEqual(before, after);
        var history = await Service<KeyHistory>().Read(CancellationToken.None);
        Assert.Equal(2, history.Keys.Count(k => k.Adoption.Kind == SigningKeyKind.Log));
        Assert.Empty(history.Problems());
        await using var connection = new Npgsql.NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"select note from {IntegritySchema.CheckpointTable}", connection);
        var signers = new HashSet<uint>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) signers.Add(Transparency.SignedNote.Parse(reader.GetString(0)).Signatures.Single().KeyId);
        }
        Assert.Equal(2, signers.Count); // the notes before the rotation under one key, those after under the other
        var report = await ledger.Verify();
        Assert.True(report.Intact, string.Join("; ", report.Findings) + report.Unverifiable);
    }

    [Fact]
    public async Task a_checkpoint_signed_by_a_retired_key_after_its_retirement_is_a_finding()
    {
        var retired = Service<ISigningKeys>().Required(SigningKeyKind.Checkpoint);
        await Service<KeyRotation>().Rotate(SigningKeyKind.Checkpoint, Keeper, CancellationToken.None);
        await new DeviceApi(ledger.Client).Register();
        await ledger.ChainCaughtUp();

        // Someone who kept the old key signs a new head with it, dated after the rotation.
        var head = (await Service<ChainStore>().Head(CancellationToken.None))!;
        var size = head.LeafIndex + 1;
        var forged = new Checkpoint(size, head.Sequence, await Service<StoredTree>().Root(size, CancellationToken.None),
                                    head.ChainHash, PostgresTime.Stored(DateTimeOffset.UtcNow), retired.KeyId, []);
        forged = forged with { Signature = retired.Sign(forged.Statement()) };
        await ledger.Sql(
            $"""
             insert into {IntegritySchema.CheckpointTable} (tree_size, last_sequence, root_hash, chain_hash, created_at, key_id, signature)
             values ({size}, {head.Sequence}, '\x{Convert.ToHexStringLower(forged.RootHash)}', '\x{Convert.ToHexStringLower(forged.ChainHash)}',
                     '{forged.CreatedAt:O}', '{forged.KeyId}', '\x{Convert.ToHexStringLower(forged.Signature)}')
             """);

        var report = await ledger.Verify();

        Assert.Equal(["retired_key"], report.Findings.Select(f => f.Kind));
    }

    [Fact]
    public async Task an_export_made_before_a_rotation_still_verifies_after_it()
    {
        var folder = Directory.CreateTempSubdirectory("export-").FullName;
        var period = ReportRequest.Parse("2021-09-01T00:00:00Z", "2021-12-01T00:00:00Z", null, null, DateTimeOffset.UtcNow);
        await Service<ExportBundle>().Write(folder, "lock-register", period, null, CancellationToken.None);

        await Service<KeyRotation>().Rotate(SigningKeyKind.Export, Keeper, CancellationToken.None);
        await Service<KeyRotation>().Rotate(SigningKeyKind.Checkpoint, Keeper, CancellationToken.None);

        Assert.Null(ExportVerification.FirstProblem(folder, await Service<KeyHistory>().Read(CancellationToken.None)));
        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings, "verify", "--export", folder);
        Assert.True(exitCode == 0, output + errors);
    }

    [Fact]
    public async Task a_key_put_in_without_the_signature_of_the_key_it_replaces_is_refused_and_would_be_found()
    {
        var stranger = new EcdsaSigningKey(SigningKeyKind.Checkpoint, EcdsaSigningKey.Generate());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Service<KeyHistory>().EnsureRecorded(stranger, CancellationToken.None));
        Assert.Contains("keys rotate", refused.Message);

        var forged = SigningKeyAdopted.Of(stranger, null, DateTimeOffset.UtcNow);
        var timeline = new KeyTimeline([((await Service<KeyHistory>().Read(CancellationToken.None)).Keys[0].Adoption, 1), (forged, 2)]);
        Assert.Contains(timeline.Problems(), problem => problem.Detail.Contains("without the signature"));
    }
}
