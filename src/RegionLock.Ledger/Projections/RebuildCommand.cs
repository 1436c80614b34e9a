using JasperFx.CommandLine;
using Npgsql;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Notices;
using RegionLock.Ledger.Disclosures;
using RegionLock.Ledger.Exports.Schedules;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Reports.LockRecords;

namespace RegionLock.Ledger.Projections;

public sealed class RebuildInput : NetCoreInput
{
    [Description("Only this projection: Device, RestrictionPolicy, Appeal, Investigation, Exemption, Notice, LockRecord, Disclosure or ExportSchedule")]
    [FlagAlias("projection", 'p')]
    public string? ProjectionFlag { get; set; }
}

/// <summary>
/// `rebuild [--projection NAME]`: rebuilds the projections from the events with Marten's daemon, drawing a progress bar
/// from the daemon's own progress record and ending with the count of events read and documents written.
/// </summary>
[Description("Rebuild projections from the events, with progress and a final count", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<RebuildInput>
{
    // Each projection and the document it writes: a snapshot is its own projection.
    private static readonly (Type Projection, Type Document)[] Projections =
    [
        (typeof(Device), typeof(Device)), (typeof(RestrictionPolicy), typeof(RestrictionPolicy)), (typeof(Appeal), typeof(Appeal)),
        (typeof(Investigation), typeof(Investigation)), (typeof(Exemption), typeof(Exemption)), (typeof(Notice), typeof(Notice)),
        (typeof(LockRecordProjection), typeof(LockRecord)), (typeof(DisclosureProjection), typeof(Disclosure)),
        (typeof(ExportSchedule), typeof(ExportSchedule)),
    ];

    public override async Task<bool> Execute(RebuildInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var database = host.Services.GetRequiredService<NpgsqlDataSource>();
        var selected = Projections.Where(p => input.ProjectionFlag is null || p.Document.Name.Equals(input.ProjectionFlag, StringComparison.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"no projection '{input.ProjectionFlag}'; the projections are: {string.Join(", ", Projections.Select(p => p.Document.Name))}");
            return false;
        }

        var last = await Scalar(database, $"select coalesce(max(seq_id), 0) from {LedgerSchema.EventTable}");
        var events = await Scalar(database, $"select count(*) from {LedgerSchema.EventTable}");
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var (projection, document) in selected)
        {
            var started = DateTime.UtcNow;
            var rebuild = daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), CancellationToken.None);
            while (await Task.WhenAny(rebuild, Task.Delay(250)) != rebuild)
            {
                var done = await Scalar(database,
                    $"select coalesce(max(last_seq_id), 0) from {LedgerSchema.Name}.mt_event_progression where name like '{document.Name}%:%'");
                Console.Error.Write($"\r{document.Name,-18} {Bar(done, last)}");
            }
            await rebuild;
            var documents = await Scalar(database, $"select count(*) from {LedgerSchema.Name}.mt_doc_{document.Name.ToLowerInvariant()}");
            Console.Error.Write($"\r{document.Name,-18} {Bar(last, last)}\n");
            Console.WriteLine($"{document.Name}: rebuilt from the ledger's {events:N0} events, {documents:N0} documents, " +
                              $"in {(DateTime.UtcNow - started).TotalSeconds:N1} s");
        }
        return true;
    }

    private static string Bar(long done, long total)
    {
        var share = total == 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)(share * 30);
        return $"[{new string('#', filled)}{new string('.', 30 - filled)}] {share,4:P0}";
    }

    private static async Task<long> Scalar(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
