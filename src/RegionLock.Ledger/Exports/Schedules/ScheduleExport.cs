using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Regions;
using RegionLock.Ledger.Reports;
using Wolverine;

namespace RegionLock.Ledger.Exports.Schedules;

/// <summary>Exports a report to a recipient every month on a day, durably: a run missed while the service was down happens once when it is back.</summary>
/// <param name="DayOfMonth">1 to 28, so that every month has it; the run is at 00:00 UTC.</param>
/// <param name="FirstRunAt">The first run; by default the next such day.</param>
/// <param name="From">A fixed start of every run's period (to the run); by default each run covers the month before it.</param>
/// <param name="Delta">After the first full export, only the rows changed since the run before.</param>
public sealed record ScheduleExport(string Report, string? Region, int DayOfMonth, DateTimeOffset? FirstRunAt, DateTimeOffset? From,
                                    bool Delta, string Recipient, string Purpose);

public sealed class ScheduleExportValidator : AbstractValidator<ScheduleExport>
{
    public ScheduleExportValidator()
    {
        RuleFor(c => c.Report).KnownReport();
        RuleFor(c => c.Region!).KnownRegion().When(c => c.Region is not null);
        RuleFor(c => c.DayOfMonth).InclusiveBetween(1, 28)
            .WithMessage("'{PropertyName}' must be 1 to 28, a day every month has; {PropertyValue} is not");
        RuleFor(c => c.From).Must(from => from!.Value.Year >= 2000).When(c => c.From is not null)
            .WithMessage("'{PropertyName}' is before the year 2000");
        RuleFor(c => c.Recipient).Text(200);
        RuleFor(c => c.Purpose).Text(500);
    }
}

/// <summary>The answer to a write on a schedule.</summary>
public sealed record ScheduleWritten(Guid ScheduleId, DateTimeOffset? NextRunAt, long Version);

/// <summary>A due run of a schedule: a durable scheduled message, sent with the schedule's commit or the run before.</summary>
/// <param name="ScheduleId">The schedule's stream key: its id as text.</param>
public sealed record RunScheduledExport(string ScheduleId, DateTimeOffset DueAt)
{
    /// <summary>When a run is delivered: just after its instant has settled, so that its own transaction is not waited for.</summary>
    public static DateTimeOffset Delivery(DateTimeOffset dueAt) => dueAt + Reports.SettledInstant.Margin + TimeSpan.FromSeconds(1);
}

public static class ScheduleExportEndpoint
{
    [Allow(Role.Compliance)]
    [WolverinePost("/api/exports/schedules"), ProducesResponseType<ScheduleWritten>(201)]
    public static (IResult, IStartStream, OutgoingMessages) Post(ScheduleExport command, TimeProvider clock)
    {
        var first = command.FirstRunAt ?? ExportSchedule.NextAfter(command.DayOfMonth, clock.GetUtcNow());
        if (command.From is { } from && from >= first)
            throw new BadHttpRequestException("'from' must be before the first run: a run covers from 'from' to the run", 400);
        var scheduled = new ExportScheduled(Guid.CreateVersion7(), command.Report, command.Region, command.DayOfMonth, first,
                                            command.From, command.Delta, command.Recipient, command.Purpose);
        var messages = new OutgoingMessages();
        messages.Schedule(new RunScheduledExport(scheduled.ScheduleId.ToString(), first), RunScheduledExport.Delivery(first));
        return (Results.Created($"/api/exports/schedules/{scheduled.ScheduleId}", new ScheduleWritten(scheduled.ScheduleId, first, 1)),
                MartenOps.StartStream<ExportSchedule>(scheduled.ScheduleId.ToString(), scheduled), messages);
    }
}
