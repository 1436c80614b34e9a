namespace RegionLock.Ledger;

/// <summary>An event with a business time: when it took effect, as opposed to when the ledger recorded it.</summary>
public interface ITakesEffect
{
    DateTimeOffset EffectiveAt { get; }
}
