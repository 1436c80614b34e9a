using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Infrastructure.Problems;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.Investigations.Closing;
using RegionLock.Ledger.Investigations.Opening;

namespace RegionLock.Ledger.Tests.Investigations;

public class InvestigationDecisionTests
{
    private static readonly Actor Officer = new("officer", "compliance");

    private static readonly DateTimeOffset T = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("00000000-0000-0000-0000-0000000000aa");

    private static readonly Investigation Open =
        Investigation.Create(Opening.Decide(new OpenInvestigation("September 2021", ["IR", "CU"]), Id, T));

    [Fact]
    public void closing_with_unlock_all_starts_the_release_of_its_locks()
    {
        var closed = Closing.Decide(Open, new CloseInvestigation("unlock_all", "grey market"), T.AddDays(40));

        Assert.Equal(new InvestigationClosed(Id, InvestigationOutcome.UnlockAll, "grey market", T.AddDays(40)), closed);
        Assert.Equal(new ReleaseLocksFor(UnlockReason.InvestigationClosed, Id), Release(closed));
    }

    [Fact]
    public void closing_with_keep_locked_starts_nothing() =>
        Assert.Null(Closing.Release(Closing.Decide(Open, new CloseInvestigation("keep_locked", "f"), T), Officer));

    [Fact]
    public void an_investigation_closes_once()
    {
        var closed = Open.Apply(Closing.Decide(Open, new CloseInvestigation("keep_locked", "f"), T));

        Assert.False(closed.IsOpen);
        Assert.Throws<DomainConflict>(() => Closing.Decide(closed, new CloseInvestigation("unlock_all", "f"), T));
    }

    private sealed record ReleaseLocksFor(UnlockReason Reason, Guid? InvestigationId);

    private static ReleaseLocksFor? Release(InvestigationClosed closed) =>
        Closing.Release(closed, Officer) is { } release ? new(release.Reason, release.InvestigationId) : null;
}
