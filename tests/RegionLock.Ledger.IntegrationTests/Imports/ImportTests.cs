using System.Text.Json;
using RegionLock.Ledger.IntegrationTests.Integrity;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Imports;

/// <summary>
/// `import`: an earlier system's records appended with their business times and ids, once however often the file is
/// run or however it is interrupted, refused line by line and all or nothing per device; the ledger then verifies.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class ImportTests(IntegrityFixture ledger) : IAsyncLifetime
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "import-example.ndjson");

    public Task InitializeAsync() => ledger.Reset();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(int ExitCode, string Output, string Errors)> Import(string file, params string[] flags) =>
        ServiceProcess.Run(ledger.CommandSettings, ["import", file, "--origin", "qldb-2020", "--by", "migration@test", .. flags]);

    private Task<long> Imported() =>
        ledger.Scalar("select count(*) from ledger.mt_events where headers->>'origin' = 'qldb-2020'");

    [Fact]
    public async Task the_example_file_imports_with_its_history_and_a_second_run_appends_nothing()
    {
        var (exitCode, output, errors) = await Import(Example);

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("9 lines: 9 applied, 0 already imported, 0 refused", errors);
        var api = new DeviceApi(ledger.Client);
        Assert.Empty((await api.State("356938040000011")).ActiveLocks);
        Assert.Equal("SY", Assert.Single((await api.State("356938040000029")).ActiveLocks).Region);
        var locked = (await api.History("356938040000029")).GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "device_locked");
        Assert.Equal("2020-06-01T08:05:00+00:00", locked.GetProperty("data").GetProperty("effectiveAt").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:sszzz"));
        Assert.Equal(1, await ledger.Scalar(
            "select count(*) from ledger.mt_events where headers->>'original-id' = 'qldb-0001' and headers->>'original-recorded-at' like '2019-03-01T09:00:04%' and headers->>'principal' = 'migration@test'"));
        Assert.Equal(0, await ledger.Scalar("select count(*) from ledger.mt_events where type = 'appeal_filed' and data->>'contact' like '%owner@example.org%'"));
        var events = await ledger.CountEvents();

        var again = await Import(Example);

        Assert.True(again.ExitCode == 0, again.Output + again.Errors);
        Assert.Contains("9 lines: 0 applied, 9 already imported, 0 refused", again.Errors);
        Assert.Equal(events, await ledger.CountEvents());
        // The service goes on writing to the imported devices as to its own.
        foreach (var imei in new[] { "356938040000011", "356938040000029" })
        {
            var placed = await api.Lock(imei, "CU");
            await api.Unlock(imei, placed.LockId);
            Assert.DoesNotContain((await api.State(imei)).ActiveLocks, l => l.Region == "CU");
        }
        await ledger.ChainCaughtUp();
        await ledger.SignCheckpoint();
        var verified = await ledger.Verify();
        Assert.True(verified.Intact, string.Join("; ", verified.Findings.Select(f => f.Detail)));
    }

    [Fact]
    public async Task bad_lines_are_refused_each_with_its_reason_and_a_device_with_one_applies_none()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("regionlock-import-").FullName, "bad.ndjson");
        var good = TestImei.Next();
        var spoilt = TestImei.Next();
        await File.WriteAllLinesAsync(file,
        [
            Record(new { kind = "registration", id = "g1", imei = good, model = "Phone 11", salesMarket = "AE", at = "2020-01-01T00:00:00Z" }),
            Record(new { kind = "registration", id = "b1", imei = TestImei.WithWrongCheckDigit(good), model = "Phone 11", salesMarket = "AE", at = "2020-01-01T00:00:00Z" }),
            Record(new { kind = "teleport", id = "b2", imei = good, at = "2020-01-02T00:00:00Z" }),
            """{"kind":"registration","id":""",
            Record(new { kind = "registration", id = "s1", imei = spoilt, model = "Phone 11", salesMarket = "AE", at = "2020-01-01T00:00:00Z" }),
            Record(new { kind = "unlock", id = "s2", imei = spoilt, @lock = "never-locked", reason = "error_correction", at = "2020-01-03T00:00:00Z" }),
            Record(new { kind = "observation", id = "b3", imei = good, region = "XX", signal = "gps", at = "2020-01-04T00:00:00Z" }),
        ]);
        var before = await ledger.CountEvents();

        var (exitCode, output, errors) = await Import(file);

        Assert.Equal(1, exitCode);
        Assert.Contains("7 lines: 1 applied, 0 already imported, 6 refused", errors);
        var refused = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => int.Parse(l.Split(' ')[1].TrimEnd(':')), l => l);
        Assert.Equal([2, 3, 4, 5, 6, 7], refused.Keys.Order());
        Assert.Contains("check digit", refused[2]);
        Assert.Contains("'kind' must be one of", refused[3]);
        Assert.Contains("not a JSON record", refused[4]);
        Assert.Contains("not applied: line 6", refused[5]);
        Assert.Contains("lock never-locked is not an active lock", refused[6]);
        Assert.Contains("XX", refused[7]);
        Assert.Equal(before + 1, await ledger.CountEvents());
        Assert.Equal(0, await ledger.Scalar($"select count(*) from ledger.mt_streams where id = '{spoilt}'"));
    }

    [Fact]
    public async Task an_import_stopped_half_way_and_run_again_applies_every_line_exactly_once()
    {
        const int devices = 1500;
        var file = Path.Combine(Directory.CreateTempSubdirectory("regionlock-import-").FullName, "many.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, devices).SelectMany(n =>
        {
            var imei = TestImei.Next();
            return new[]
            {
                Record(new { kind = "registration", id = $"r{n}", imei, model = "Phone 11", salesMarket = "AE", at = "2020-01-01T00:00:00Z" }),
                Record(new { kind = "observation", id = $"o{n}", imei, region = "IR", signal = "gps", at = "2020-01-02T00:00:00Z" }),
                Record(new { kind = "lock", id = $"l{n}", imei, region = "IR", reason = "restricted_region", policyVersion = 1, at = "2020-01-02T00:05:00Z" }),
            };
        }));

        await using (var first = ServiceProcess.Launch(ledger.CommandSettings, "import", file, "--origin", "qldb-2020", "--batch", "10"))
        {
            await Eventually.Until(async () => await Imported() > 0 || first.HasExited, "the first batches", 120);
            first.Kill();
        }
        var half = await Imported();
        Assert.InRange(half, 1, devices * 3 - 1);

        var (exitCode, output, errors) = await Import(file, "--batch", "100");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"{devices * 3:N0} lines: {devices * 3 - half:N0} applied, {half:N0} already imported, 0 refused", errors);
        Assert.Equal(devices * 3, await Imported());
        Assert.Equal(0, await ledger.Scalar(
            "select count(*) from (select headers->>'original-id' from ledger.mt_events where headers->>'origin' = 'qldb-2020' group by 1 having count(*) > 1) twice"));
    }

    [Fact]
    public async Task what_the_import_stores_beside_the_events_is_what_a_rebuild_from_them_gives()
    {
        var (exitCode, output, errors) = await Import(Example);
        Assert.True(exitCode == 0, output + errors);
        var stored = await Documents();
        Assert.Equal(2, stored["mt_doc_device"].Count);

        using (var daemon = await ledger.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<Ledger.Devices.Device>(TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.RebuildProjectionAsync<Ledger.Appeals.Appeal>(TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.RebuildProjectionAsync<Ledger.Reports.LockRecords.LockRecordProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        var rebuilt = await Documents();
        foreach (var (table, documents) in stored) Assert.Equal(documents, rebuilt[table]);
    }

    private async Task<Dictionary<string, List<string>>> Documents()
    {
        var documents = new Dictionary<string, List<string>>();
        foreach (var table in new[] { "mt_doc_device", "mt_doc_appeal", "mt_doc_lockrecord" })
        {
            await using var connection = new Npgsql.NpgsqlConnection(ledger.ConnectionString);
            await connection.OpenAsync();
            // Every column but the time it was written: the duplicated ones the reports query by too. Marten itself gives a
            // multi-stream document's mt_version differently live (a count of its writes) and in a rebuild (the last
            // event's sequence): not compared for the lock records.
            var ignored = table == "mt_doc_lockrecord" ? " - 'mt_version'" : "";
            await using var command = new Npgsql.NpgsqlCommand(
                $"select (to_jsonb(t) - 'mt_last_modified'{ignored})::text from ledger.{table} t order by id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            documents[table] = [];
            while (await reader.ReadAsync()) documents[table].Add(reader.GetString(0));
        }
        return documents;
    }

    private static string Record(object line) => JsonSerializer.Serialize(line, JsonSerializerOptions.Web);
}
