using System.Text.Json;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Rows a superuser writes straight into the event table ahead of the chain are not chained as genuine: the
/// service seals what it appends, and the chain refuses anything else, says so in /health/ready and verification
/// names it.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class SealTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private const string Events = LedgerSchema.EventTable;

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ledger.RegisterAndSign(2);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<long> Refused() => ledger.Scalar($"select count(*) from {IntegritySchema.RefusedTable}");

    private async Task<JsonElement> Ready() => await (await ledger.Client.GetAsync("/health/ready")).Read<JsonElement>();

    [Fact]
    public async Task every_event_the_service_appends_is_sealed_and_chained()
    {
        Assert.Equal(0, await Refused());
        Assert.Equal(await ledger.Scalar($"select count(*) from {Events}"),
                     await ledger.Scalar($"select count(*) from {IntegritySchema.ChainTable}"));
        Assert.Equal(4, await ledger.Scalar($"select count(*) from {Events} where headers ? '{EventSealer.Header}'")); // and the two keys
    }

    [Fact]
    public async Task rows_inserted_at_the_tail_by_a_superuser_are_refused_named_and_reported()
    {
        var original = (await ledger.Sequences())[0];
        // One copied with the genuine event's headers (its seal is for another id), one with no seal at all.
        foreach (var headers in new[] { "headers", "'{}'::jsonb" })
        {
            await ledger.Sql(
                $"""
                 insert into {Events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, headers, user_name)
                 select nextval('{LedgerSchema.EventSequence}'), gen_random_uuid(), stream_id, 90 + (select count(*) from {Events}), data, type, now(),
                        tenant_id, mt_dotnet_type, false, {headers}, user_name
                 from {Events} where seq_id = {original}
                 """);
        }
        await Eventually.Until(async () => await Refused() == 2, "the chain refusing the two rows");
        await ledger.RegisterAndSign(1);

        var ready = await Ready();
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        Assert.Contains("2 event(s) in the record were refused", ready.ToString());
        var chained = await ledger.Scalar($"select count(*) from {IntegritySchema.ChainTable}");
        Assert.Equal(5, chained); // 3 devices and the checkpoint and log keys' adoptions
        var report = await ledger.Verify();
        Assert.Equal(VerificationOutcome.Tampered, report.Outcome);
        Assert.Equal(["inserted", "inserted"], report.Findings.Select(f => f.Kind));
        Assert.Contains("does not match", report.Findings[0].Detail);
        Assert.Contains("has no seal", report.Findings[1].Detail);

        // The admin examines and removes the rows: the service is ready again, the record verifies intact.
        await ledger.Sql($"delete from {Events} where seq_id in (select sequence from {IntegritySchema.RefusedTable})");
        Assert.Equal("Healthy", (await Ready()).GetProperty("status").GetString());
        Assert.True((await ledger.Verify()).Intact);
    }

    [Fact]
    public async Task an_event_edited_before_the_chain_reached_it_is_refused()
    {
        var daemon = ledger.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await daemon.PauseAsync();
        try
        {
            await new DeviceApi(ledger.Client).Register();
            await ledger.Sql($"update {Events} set data = jsonb_set(data, '{{model}}', '\"Other\"') where seq_id = (select max(seq_id) from {Events})");
        }
        finally
        {
            await daemon.ResumeAsync();
        }

        await Eventually.Until(async () => await Refused() == 1, "the chain refusing the edited event");
        Assert.Equal(4, await ledger.Scalar($"select count(*) from {IntegritySchema.ChainTable}"));
        Assert.Contains("does not match", (await ledger.Verify()).Findings.Single().Detail);
    }
}
