using JasperFx.Events;
using RegionLock.Ledger.Infrastructure.Problems;
using RegionLock.Ledger.Policy;
using RegionLock.Ledger.Policy.Lifting;
using RegionLock.Ledger.Policy.Restricting;

namespace RegionLock.Ledger.Tests.Policy;

public class RestrictionPolicyTests
{
    private static readonly DateTimeOffset T = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);

    private static RestrictionPolicy Given(params object[] changes) =>
        changes.Aggregate(RestrictionPolicy.Empty, (policy, change) => change switch
        {
            RegionRestricted r => policy.Apply(new Event<RegionRestricted>(r) { Timestamp = T.AddYears(1) }),
            RegionRestrictionLifted l => policy.Apply(new Event<RegionRestrictionLifted>(l) { Timestamp = T.AddYears(1) }),
            _ => throw new ArgumentException(change.GetType().Name),
        });

    private static RestrictRegion Restrict(string region, DateTimeOffset from) => new(region, "15 CFR 746", "sanctions", from);

    [Fact]
    public void a_restriction_is_in_force_from_its_effective_instant_on()
    {
        var policy = Given(Restricting.Decide(RestrictionPolicy.Empty, Restrict("IR", T).Change));

        Assert.Empty(policy.At(T.AddTicks(-1)).Restrictions);
        Assert.Equal(0, policy.At(T.AddTicks(-1)).Version);
        Assert.Equal(new Restriction("IR", "15 CFR 746", T, 1), Assert.Single(policy.At(T).Restrictions));
        Assert.Equal(1, policy.At(T.AddYears(3)).Version);
    }

    [Fact]
    public void each_change_is_the_next_version()
    {
        var first = Restricting.Decide(RestrictionPolicy.Empty, Restrict("IR", T).Change);
        var second = Restricting.Decide(Given(first), Restrict("CU", T).Change);
        var lift = Lifting.Decide(Given(first, second), new LiftRestriction("GL 1", "eased", T.AddDays(30)).Change("IR"));

        Assert.Equal((1, 2, 3), (first.Version, second.Version, lift.Version));
    }

    [Fact]
    public void a_lift_ends_the_restriction_from_its_effective_instant_whenever_it_was_recorded()
    {
        var restricted = new RegionRestricted("SD", "b", "r", T, 1);
        var liftedRetroactively = new RegionRestrictionLifted("SD", "b", "r", T.AddDays(10), 2);
        var policy = Given(restricted, liftedRetroactively);

        Assert.NotNull(policy.At(T.AddDays(9)).For("SD"));
        Assert.Null(policy.At(T.AddDays(10)).For("SD"));
        Assert.Equal(1, policy.At(T.AddDays(9)).Version);
        Assert.Equal(2, policy.At(T.AddDays(10)).Version);
    }

    [Fact]
    public void a_restriction_recorded_before_an_earlier_one_takes_effect_by_effective_time()
    {
        var scheduled = new RegionRestricted("KP", "b", "r", T.AddDays(30), 1);
        var earlier = new RegionRestricted("SY", "b", "r", T, 2);

        var atT = Given(scheduled, earlier).At(T);

        Assert.Equal(["SY"], atT.Restrictions.Select(r => r.Region));
        Assert.Equal(2, atT.Version);
    }

    [Fact]
    public void a_restriction_covers_the_subdivisions_of_its_region()
    {
        var policy = Given(new RegionRestricted("IR", "b", "r", T, 1)).At(T);

        Assert.Equal("IR", policy.Covering(["IR-23", "IR"])?.Region);
        Assert.Null(policy.Covering(["UA-43", "UA"]));
    }

    [Fact]
    public void restricting_twice_or_lifting_what_is_not_restricted_is_a_conflict()
    {
        var policy = Given(new RegionRestricted("IR", "b", "r", T, 1));

        Assert.Throws<DomainConflict>(() => Restricting.Decide(policy, Restrict("IR", T.AddDays(1)).Change));
        Assert.Throws<DomainConflict>(() => Lifting.Decide(policy, new LiftRestriction("b", "r", T.AddDays(-1)).Change("IR")));
        Assert.Throws<DomainConflict>(() => Lifting.Decide(policy, new LiftRestriction("b", "r", T.AddDays(1)).Change("CU")));
    }
}
