using System.Net;
using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>Verification as a job an auditor starts and follows over HTTP; its results are kept.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class VerificationJobTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private const string Jobs = VerificationEndpoints.Path;

    public async Task InitializeAsync()
    {
        await ledger.Reset();
        await ledger.RegisterAndSign(3);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<long> Rows() => ledger.Scalar($"select count(*) from {IntegritySchema.VerificationTable}");

    private async Task<JsonElement> Finished(Uri location)
    {
        JsonElement job = default;
        await Eventually.Until(async () =>
        {
            job = await (await ledger.Client.GetAsync(location)).Read<JsonElement>();
            return job.GetProperty("status").GetString() != "running";
        }, "the verification finishing");
        return job;
    }

    [Fact]
    public async Task a_verification_runs_as_a_job_followed_by_its_location_and_is_kept()
    {
        var auditor = ledger.Host.ClientAs("auditor@test", "auditor");
        var accepted = await auditor.PostAsync(Jobs, null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!;
        var job = await Finished(location);
        Assert.Equal("finished", job.GetProperty("status").GetString());
        Assert.Equal("auditor@test", job.GetProperty("requestedBy").GetString());
        Assert.Equal(5, job.GetProperty("eventsTotal").GetInt64()); // 3 and the checkpoint and log keys' adoptions
        Assert.Equal(5, job.GetProperty("eventsVerified").GetInt64());
        Assert.Equal("intact", job.GetProperty("report").GetProperty("outcome").GetString());

        var latest = await (await auditor.GetAsync("/api/integrity/verify")).Read<JsonElement>();
        Assert.Equal(job.GetProperty("id").GetString(), latest.GetProperty("id").GetString());
        var listed = await (await auditor.GetAsync($"{Jobs}?limit=5")).Read<JsonElement>();
        Assert.Equal(job.GetProperty("id").GetString(), listed[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task an_incremental_verification_counts_only_what_came_after_its_checkpoint()
    {
        await new DeviceApi(ledger.Client).Register();
        await ledger.ChainCaughtUp();

        var job = await Finished((await ledger.Client.PostAsync($"{Jobs}?fromCheckpoint=5", null)).Headers.Location!);

        Assert.Equal(1, job.GetProperty("eventsTotal").GetInt64());
        Assert.Equal(5, job.GetProperty("report").GetProperty("fromCheckpoint").GetInt64());
        Assert.Equal("intact", job.GetProperty("report").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task while_one_runs_a_second_request_is_answered_with_it_and_one_whose_node_died_is_abandoned()
    {
        var running = Guid.CreateVersion7();
        await ledger.Sql(
            $"""
             insert into {IntegritySchema.VerificationTable} (id, status, requested_by, requested_at, events_total, events_verified, heartbeat_at)
             values ('{running}', 'running', 'other@test', now(), 3, 1, now())
             """);

        var second = await ledger.Client.PostAsync(Jobs, null);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.EndsWith(running.ToString(), second.Headers.Location!.ToString());

        await ledger.Sql($"update {IntegritySchema.VerificationTable} set heartbeat_at = now() - interval '5 minutes'");
        var abandoned = await (await ledger.Client.GetAsync($"{Jobs}/{running}")).Read<JsonElement>();
        Assert.Equal("abandoned", abandoned.GetProperty("status").GetString());
        var next = await ledger.Client.PostAsync(Jobs, null);
        Assert.DoesNotContain(running.ToString(), next.Headers.Location!.ToString());
        Assert.Equal("finished", (await Finished(next.Headers.Location!)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, $"{Jobs}?fromCheckpoint=abc")]
    [InlineData(HttpStatusCode.BadRequest, $"{Jobs}?fromCheckpoint=-1")]
    [InlineData(HttpStatusCode.NotFound, $"{Jobs}?fromCheckpoint=2")]
    public async Task a_verification_from_no_checkpoint_is_refused_and_starts_nothing(HttpStatusCode status, string url)
    {
        var before = await Rows();

        await ledger.Refuses(status, () => ledger.Client.PostAsync(url, null));

        Assert.Equal(before, await Rows());
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, $"{Jobs}/0192f1a0-0000-7000-8000-000000000000")]
    [InlineData(HttpStatusCode.BadRequest, $"{Jobs}?limit=0")]
    public async Task reading_no_verification_is_a_problem(HttpStatusCode status, string url) =>
        await (await ledger.Client.GetAsync(url)).Problem(status);

    [Fact]
    public async Task only_auditors_and_admins_start_verifications() =>
        await (await ledger.Host.ClientAs("support@test", "support").PostAsync(Jobs, null)).Problem(HttpStatusCode.Forbidden);
}
