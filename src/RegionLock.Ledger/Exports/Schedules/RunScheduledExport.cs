using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace RegionLock.Ledger.Exports.Schedules;

/// <summary>
/// A due run: the bundle is written to Exports:Folder, and its disclosure, the run and the next run's message commit
/// together. A message for a run already made (or a cancelled schedule) does nothing, so a run happens once however
/// often its message is delivered; a rewritten file after a crash before the commit is the same bytes.
/// </summary>
public static class RunScheduledExportHandler
{
    // The chain may not yet cover the events of the due instant (the export's anchor): retry while it catches up.
    public static void Configure(HandlerChain chain) =>
        chain.OnException<DomainConflict>().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5),
                                                               TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));

    public static async Task<OutgoingMessages> Handle(RunScheduledExport run,
                                                      [WriteAggregate(nameof(RunScheduledExport.ScheduleId))] IEventStream<ExportSchedule> stream,
                                                      Exporting exporting, IDocumentSession session, IOptions<ExportSettings> settings,
                                                      CancellationToken cancellation)
    {
        var messages = new OutgoingMessages();
        if (stream.Aggregate is not { } schedule || schedule.NextRunAt != run.DueAt) return messages;

        var actor = new Actor($"export-schedule:{run.ScheduleId}", Role.Compliance);
        var order = schedule.OrderFor(run.DueAt);
        using var folder = new TemporaryFolder();
        var export = await exporting.Export(order, actor, folder.File("bundle"), cancellation, session);
        var file = Path.Combine(run.ScheduleId, $"{order.Report}_{run.DueAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.zip");
        var path = Path.Combine(settings.Value.Folder, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Whole or not at all: a reader of the folder never sees half an archive.
        await ExportBundle.Zip(export.Folder, path + ".partial", cancellation);
        File.Move(path + ".partial", path, overwrite: true);

        var ran = new ScheduledExportRan(schedule.Definition.ScheduleId, run.DueAt, export.Disclosure.DisclosureId,
                                         export.Disclosure.ManifestSha256, file, order.Request);
        stream.AppendOne(CommandMetadata.ActorEvent(ran, actor));
        var next = ExportSchedule.NextAfter(schedule.Definition.DayOfMonth, run.DueAt);
        messages.Schedule(new RunScheduledExport(run.ScheduleId, next), RunScheduledExport.Delivery(next));
        return messages;
    }
}
