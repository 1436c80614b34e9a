using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Someone with the database's superuser password edits, deletes, inserts or reorders events, or edits the chain,
/// behind the service's back; verification names the first sequence where the record differs.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class TamperTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private const string Events = LedgerSchema.EventTable;
    private List<long> _sequences = [];

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        var devices = new DeviceApi(ledger.Client);
        foreach (var region in new[] { "IR", "CU", "SY", "KP" })
        {
            var imei = await devices.Register();
            await devices.Lock(imei, region);
        }
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        _sequences = await ledger.Sequences();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private long Event(int index) => _sequences[index];

    private async Task<TamperFinding> Tampered()
    {
        var report = await ledger.Verify();
        Assert.Equal(VerificationOutcome.Tampered, report.Outcome);
        return report.Findings[0];
    }

    [Fact]
    public async Task an_untouched_ledger_verifies_clean()
    {
        var report = await ledger.Verify();

        Assert.True(report.Intact, string.Join("; ", report.Findings));
        Assert.Equal(10, report.EventsVerified); // 8 and the checkpoint and log keys' adoptions
        Assert.Equal(1, report.CheckpointsVerified);
        Assert.Equal(0, report.Pending);
    }

    [Fact]
    public async Task an_edited_event_body_is_named()
    {
        await ledger.Sql($"update {Events} set data = jsonb_set(data, '{{region}}', '\"AE\"') where seq_id = {Event(3)}");

        Assert.Equal(("edited", Event(3)), Summary(await Tampered()));
    }

    [Fact]
    public async Task edited_metadata_is_named()
    {
        await ledger.Sql($"update {Events} set user_name = 'someone-else', headers = headers || '{{\"role\": \"admin\"}}' where seq_id = {Event(5)}");

        Assert.Equal(("edited", Event(5)), Summary(await Tampered()));
    }

    [Fact]
    public async Task an_edited_recording_time_is_named()
    {
        await ledger.Sql($"update {Events} set timestamp = timestamp - interval '1 day' where seq_id = {Event(2)}");

        Assert.Equal(("edited", Event(2)), Summary(await Tampered()));
    }

    [Fact]
    public async Task a_deleted_event_is_named()
    {
        await ledger.Sql($"delete from {Events} where seq_id = {Event(4)}");

        Assert.Equal(("deleted", Event(4)), Summary(await Tampered()));
    }

    [Fact]
    public async Task an_event_inserted_among_chained_ones_is_named()
    {
        // A sequence number no transaction kept (as after a failed one), later filled with a forged event.
        var gap = _sequences[^1] + 1;
        await ledger.Sql($"select setval('{LedgerSchema.EventSequence}', {gap})");
        var devices = new DeviceApi(ledger.Client);
        await devices.Register();
        await ledger.ChainCaughtUp();
        await ledger.Sql(
            $"""
             insert into {Events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived)
             select {gap}, gen_random_uuid(), stream_id, 99, data, type, timestamp, tenant_id, mt_dotnet_type, false
             from {Events} where seq_id = {Event(1)}
             """);

        Assert.Equal(("inserted", gap), Summary(await Tampered()));
    }

    [Fact]
    public async Task two_swapped_events_are_named_at_the_first()
    {
        await ledger.Sql(
            $"""
             update {Events} e set data = o.data, id = o.id
             from {Events} o
             where (e.seq_id, o.seq_id) in (({Event(1)}, {Event(3)}), ({Event(3)}, {Event(1)}))
             """);

        Assert.Equal(("edited", Event(1)), Summary(await Tampered()));
    }

    [Fact]
    public async Task an_edited_chain_hash_is_named()
    {
        await ledger.Sql($"update {IntegritySchema.ChainTable} set chain_hash = sha256('forged') where sequence = {Event(6)}");

        Assert.Equal(("chain_edited", Event(6)), Summary(await Tampered()));
    }

    [Fact]
    public async Task an_edit_re_chained_consistently_is_caught_by_the_signed_checkpoint()
    {
        // The forger edits an event and recomputes every leaf and chain hash after it: only the signature they
        // cannot forge is left to tell.
        await Forger.EditAndRechain(ledger, Event(2));

        var finding = await Tampered();

        Assert.Equal(("checkpoint_mismatch", _sequences[^1]), Summary(finding));
    }

    [Fact]
    public async Task a_checkpoint_note_that_states_another_head_or_whose_signature_fails_is_named()
    {
        await ledger.Sql($"update {IntegritySchema.CheckpointTable} set note = replace(note, E'\n{_sequences.Count}\n', E'\n{_sequences.Count + 1}\n')");

        var finding = await Tampered();

        Assert.Equal(("note_mismatch", _sequences[^1]), Summary(finding));
        Assert.Contains("not the signed head", finding.Detail);
    }

    [Fact]
    public async Task a_forged_checkpoint_signature_is_named()
    {
        await ledger.Sql($"update {IntegritySchema.CheckpointTable} set root_hash = sha256('forged')");

        Assert.Equal("signature_invalid", (await Tampered()).Kind);
    }

    [Fact]
    public async Task every_change_is_reported_not_only_the_first_and_the_verify_command_exits_1()
    {
        await ledger.Sql($"update {Events} set data = jsonb_set(data, '{{model}}', '\"Other\"') where seq_id = {Event(1)}");
        await ledger.Sql($"delete from {Events} where seq_id = {Event(4)}");
        await ledger.Sql($"update {IntegritySchema.ChainTable} set chain_hash = sha256('forged') where sequence = {Event(6)}");

        var report = await ledger.Verify();

        Assert.Equal([("edited", Event(1)), ("deleted", Event(4)), ("chain_edited", Event(6))], report.Findings.Select(Summary));
        Assert.Equal(0, report.FindingsNotListed);
        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings, "verify");
        Assert.True(exitCode == 1, output + errors);
        Assert.Contains("TAMPERED: 3 findings", errors);
    }

    [Fact]
    public async Task findings_past_the_cap_are_counted()
    {
        await ledger.Sql($"update {Events} set user_name = 'someone-else'");

        var report = await ledger.Host.Services.GetRequiredService<Verification>()
            .RunAsync(null, null, CancellationToken.None, findingsCap: 3);

        Assert.Equal(3, report.Findings.Count);
        Assert.Equal(_sequences.Count - 3, report.FindingsNotListed);
    }

    [Fact]
    public async Task a_forged_tree_hash_is_named()
    {
        await ledger.Sql($"insert into {IntegritySchema.TreeTable} (level, node_index, hash) values (1, 0, sha256('forged'))");

        Assert.Equal("tree_edited", (await Tampered()).Kind);
    }

    [Fact]
    public async Task a_checkpoint_signed_by_a_key_the_verifier_does_not_know_cannot_be_verified_exit_2()
    {
        await ledger.Sql($"update {IntegritySchema.CheckpointTable} set key_id = '0123456789abcdef'");

        var report = await ledger.Verify();

        Assert.Equal(VerificationOutcome.Unverifiable, report.Outcome);
        Assert.Contains("0123456789abcdef", report.Unverifiable);
        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings, "verify");
        Assert.True(exitCode == 2, output + errors);
    }

    [Fact]
    public async Task verification_from_a_checkpoint_checks_only_what_came_after_it()
    {
        var devices = new DeviceApi(ledger.Client);
        await devices.Register();
        await devices.Register();
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        var later = await ledger.Sequences();
        await ledger.Sql($"update {Events} set user_name = 'someone-else' where seq_id in ({Event(2)}, {later[^1]})");

        var incremental = await ledger.Verify(fromCheckpoint: _sequences.Count);
        var whole = await ledger.Verify();

        Assert.Equal(2, incremental.EventsVerified);
        Assert.Equal([("edited", later[^1])], incremental.Findings.Select(Summary));
        Assert.Equal(1, incremental.CheckpointsVerified);
        Assert.Equal([("edited", Event(2)), ("edited", later[^1])], whole.Findings.Select(Summary));
    }

    [Fact]
    public async Task the_verify_command_cannot_verify_from_a_checkpoint_that_does_not_exist_exit_2()
    {
        var (exitCode, output, errors) = await ServiceProcess.Run(ledger.CommandSettings, "verify", "--from-checkpoint", "999");

        Assert.True(exitCode == 2, output + errors);
        Assert.Contains("COULD NOT VERIFY: no checkpoint of tree size 999", errors);
    }

    [Fact]
    public async Task verification_from_a_checkpoint_whose_stored_tree_was_changed_names_it()
    {
        await ledger.Sql($"update {IntegritySchema.ChainTable} set leaf_hash = sha256('forged') where sequence = {Event(7)}");

        var report = await ledger.Verify(fromCheckpoint: _sequences.Count);

        Assert.Equal("checkpoint_mismatch", report.Findings[0].Kind);
    }

    private static (string, long) Summary(TamperFinding finding) => (finding.Kind, finding.Sequence);
}
