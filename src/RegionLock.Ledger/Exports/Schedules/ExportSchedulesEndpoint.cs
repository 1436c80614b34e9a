namespace RegionLock.Ledger.Exports.Schedules;

/// <summary>Stops a schedule: no run after this one.</summary>
public sealed record CancelExportSchedule(string Reason) : ICommandWithReason;

public sealed class CancelExportScheduleValidator : AbstractValidator<CancelExportSchedule>
{
    public CancelExportScheduleValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(500);
}

public static class ExportSchedulesEndpoint
{
    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/exports/schedules"), ProducesResponseType<IReadOnlyList<ExportSchedule>>(200)]
    public static async Task<IReadOnlyList<ExportSchedule>> Get(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<ExportSchedule>().OrderBy(s => s.Id).ToListAsync(cancellation);

    [Allow(Role.Compliance, Role.Auditor)]
    [WolverineGet("/api/exports/schedules/{id}"), ProducesResponseType<ExportSchedule>(200)]
    public static async Task<ExportSchedule> GetOne(string id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ExportSchedule>(id, cancellation) ?? throw new NotInLedger($"export schedule {id} is not in the ledger");

    [Allow(Role.Compliance)]
    [WolverinePost("/api/exports/schedules/{id}/cancellation"), ProducesResponseType<ScheduleWritten>(200)]
    public static ScheduleWritten Cancel(CancelExportSchedule command, [WriteAggregate("id")] IEventStream<ExportSchedule> stream)
    {
        var schedule = stream.Aggregate!;
        if (schedule.NextRunAt is null) throw new DomainConflict($"export schedule {schedule.Id} is already cancelled");
        stream.AppendOne(new ExportScheduleCancelled(schedule.Definition.ScheduleId, command.Reason));
        return new ScheduleWritten(schedule.Definition.ScheduleId, null, stream.CurrentVersion!.Value);
    }
}
