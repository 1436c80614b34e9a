using Marten;
using Npgsql;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Policy;

namespace RegionLock.Ledger.IntegrationTests.Projections;

/// <summary>A rebuild from the events gives, document for document, what the live projections hold.</summary>
[Collection(IncidentCollection.Name)]
public sealed class RebuildTests(IncidentFixture ledger)
{
    private static readonly string[] Tables =
        ["mt_doc_device", "mt_doc_restrictionpolicy", "mt_doc_appeal", "mt_doc_investigation", "mt_doc_exemption", "mt_doc_lockrecord",
         "mt_doc_disclosure", "mt_doc_exportschedule"];

    [Fact]
    public async Task a_rebuild_from_the_events_gives_exactly_what_the_live_projections_hold()
    {
        // Some of everything, beside what the other tests of the incident left.
        var devices = new DeviceApi(ledger.Client);
        var cases = new CaseApi(ledger.Client);
        var imei = await devices.Register();
        var placed = await devices.Lock(imei, "SY");
        await (await cases.Decide(await cases.FileAppeal(imei, placed.LockId), "denied")).Read<object>();
        await cases.OpenInvestigation("KP");
        await (await ledger.Client.Post("/api/policy/exemptions", new
        {
            kind = "tac", value = imei[..8], basis = "b", reason = "r", effectiveFrom = DeviceApi.Incident,
            expiresAt = DeviceApi.Incident.AddDays(30),
        })).Read<object>(System.Net.HttpStatusCode.Created);
        await ledger.ChainCaughtUp();
        await ledger.Client.Export(new { report = "policy-timeline", from = "2021-01-01", to = "2022-01-01", recipient = "r", purpose = "p" });
        await (await ledger.Client.Post("/api/exports/schedules", new
        {
            report = "lock-register", dayOfMonth = 1, firstRunAt = "2100-01-01T00:00:00Z", delta = true, recipient = "r", purpose = "p",
        })).Read<object>(System.Net.HttpStatusCode.Created);
        var live = await Documents();
        Assert.All(Tables, table => Assert.NotEmpty(live[table]));

        using var daemon = await ledger.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Device>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<RestrictionPolicy>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<Appeal>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<Investigation>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<Ledger.Policy.Exemptions.Exemption>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<Ledger.Reports.LockRecords.LockRecordProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<Ledger.Disclosures.DisclosureProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.RebuildProjectionAsync<Ledger.Exports.Schedules.ExportSchedule>(TimeSpan.FromMinutes(2), CancellationToken.None);

        var rebuilt = await Documents();
        foreach (var table in Tables) Assert.Equal(live[table], rebuilt[table]);
    }

    /// <summary>Every document of every projection, as stored: id and JSON.</summary>
    private async Task<Dictionary<string, List<(string Id, string Data)>>> Documents()
    {
        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        var documents = new Dictionary<string, List<(string, string)>>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand(
                $"select id::text, data::text from {LedgerSchema.Name}.{table} order by id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
            documents[table] = rows;
        }
        return documents;
    }
}
