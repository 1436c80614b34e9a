namespace RegionLock.Ledger.Appeals;

/// <summary>The answer to an appeal command.</summary>
public sealed record AppealWritten(Guid AppealId, long Version)
{
    /// <summary>The write of an appeal endpoint: append what the decision gives, answer with the new version.</summary>
    public static AppealWritten Append(IEventStream<Appeal> appeal, Func<Appeal, object> decide)
    {
        appeal.AppendOne(decide(appeal.Aggregate!));
        return new AppealWritten(appeal.Aggregate!.AppealId, appeal.CurrentVersion!.Value);
    }
}
