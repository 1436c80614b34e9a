using JasperFx.Events;
using RegionLock.Ledger.Infrastructure.Problems;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Impact;
using RegionLock.Ledger.Policy.Proposals;

namespace RegionLock.Ledger.Tests.Policy;

public class FourEyesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly PolicySettings Settings = new() { ApprovalThresholdDevices = 100, ProposalLifetimeHours = 72, ImpactDriftPercent = 10 };
    private static readonly ProposedChange Restrict = new(PolicyChangeKind.Restrict, "SY", "31 CFR 542", "sanctions", Now.AddDays(7), 14);
    private static readonly Guid ProposalId = Guid.Parse("00000000-0000-0000-0000-000000000042");

    private static ImpactSummary Impact(int devices) => new(1000, Now, devices, devices, devices, 0, 0, 0);

    private static RestrictionPolicy Proposed(int devices, string by = "first@test")
    {
        var proposed = (RestrictionProposed)FourEyes.Decide(RestrictionPolicy.Empty, Restrict, Impact(devices), Settings, ProposalId, Now);
        return RestrictionPolicy.Create(new Event<RestrictionProposed>(proposed) { Timestamp = Now, UserName = by });
    }

    [Fact]
    public void a_change_within_the_threshold_is_made_at_once_with_its_impact()
    {
        var made = Assert.IsType<RegionRestricted>(FourEyes.Decide(RestrictionPolicy.Empty, Restrict, Impact(100), Settings, ProposalId, Now));

        Assert.Equal((1, 14, 100, (Guid?)null), (made.Version, made.GracePeriodDays, made.Impact!.Devices, made.ProposalId));
    }

    [Fact]
    public void a_change_beyond_the_threshold_is_proposed_until_its_expiry()
    {
        var proposed = Assert.IsType<RestrictionProposed>(FourEyes.Decide(RestrictionPolicy.Empty, Restrict, Impact(101), Settings, ProposalId, Now));

        Assert.Equal((Restrict, 101, Now.AddHours(72)), (proposed.Change, proposed.Impact.Devices, proposed.ExpiresAt));
    }

    [Fact]
    public void a_second_officer_approves_and_the_change_names_the_proposal()
    {
        var (approved, change) = FourEyes.Approve(Proposed(150), ProposalId, "reviewed", "second@test", Impact(160), Settings, Now.AddHours(1));

        Assert.Equal(160, approved.Impact.Devices);
        var restricted = Assert.IsType<RegionRestricted>(change);
        Assert.Equal((ProposalId, 1, "SY"), (restricted.ProposalId!.Value, restricted.Version, restricted.Region));
    }

    [Fact]
    public void the_proposer_cannot_approve_their_own_proposal() =>
        Assert.Throws<NotPermitted>(() => FourEyes.Approve(Proposed(150), ProposalId, "mine", "first@test", Impact(150), Settings, Now));

    [Theory]
    [InlineData(134)]
    [InlineData(166)]
    public void an_impact_drifted_beyond_the_limit_needs_a_fresh_analysis(int now) =>
        Assert.Contains("analyse it again", Assert.Throws<DomainConflict>(() =>
            FourEyes.Approve(Proposed(150), ProposalId, "ok", "second@test", Impact(now), Settings, Now)).Message);

    [Fact]
    public void an_expired_proposal_cannot_be_approved_or_rejected()
    {
        var policy = Proposed(150);

        Assert.Contains("expired", Assert.Throws<DomainConflict>(() =>
            FourEyes.Approve(policy, ProposalId, "late", "second@test", Impact(150), Settings, Now.AddHours(72))).Message);
        Assert.Throws<DomainConflict>(() => FourEyes.Reject(policy, ProposalId, "late", Now.AddHours(73)));
        Assert.Equal(ProposalStatus.Expired, policy.FindProposal(ProposalId)!.StatusAt(Now.AddHours(72)));
    }

    [Fact]
    public void a_rejected_proposal_cannot_be_approved()
    {
        var rejected = FourEyes.Reject(Proposed(150), ProposalId, "too broad", Now);
        var policy = Proposed(150).Apply(new Event<RestrictionRejected>(rejected) { Timestamp = Now, UserName = "second@test" });

        Assert.Contains("rejected", Assert.Throws<DomainConflict>(() =>
            FourEyes.Approve(policy, ProposalId, "ok", "third@test", Impact(150), Settings, Now)).Message);
    }

    [Fact]
    public void an_unknown_proposal_is_not_in_the_ledger() =>
        Assert.Throws<NotInLedger>(() => FourEyes.Reject(RestrictionPolicy.Empty, ProposalId, "r", Now));
}
