using System.Net;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>The checkpoint timer survives a failed tick: the service keeps serving and a later tick signs.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class CheckpointingTests(IntegrityFixture ledger)
{
    [Fact]
    public async Task a_tick_whose_write_is_refused_leaves_the_service_serving_and_a_later_tick_signs()
    {
        await ledger.Reset();
        var devices = new DeviceApi(ledger.Client);
        for (var i = 0; i < 20; i++) await devices.Register();
        await ledger.ChainCaughtUp();
        // The event sequence set back: each tick's first act, recording its key's adoption, takes the next number and
        // collides with a stored event (20 of them, one a tick).
        var next = await ledger.Scalar($"select last_value from {LedgerSchema.EventSequence}");
        await ledger.Sql($"select setval('{LedgerSchema.EventSequence}', 1, false)");

        await using var service = await LedgerFixture.StartService(ledger.ConnectionString, ("Integrity:CheckpointSeconds", "1"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs().GetAsync("/health/live")).StatusCode);
        Assert.Equal(0, await Checkpoints());

        await ledger.Sql($"select setval('{LedgerSchema.EventSequence}', {next})");
        await Eventually.Until(async () => await Checkpoints() > 0, "a checkpoint signed by a later tick");
    }

    private Task<long> Checkpoints() => ledger.Scalar($"select count(*) from {IntegritySchema.CheckpointTable}");
}
