namespace RegionLock.Ledger.Policy;

/// <summary>
/// The impact analysis of a policy change in brief, as a change or proposal records it: what its maker and its approver
/// were shown, and the ledger state it was computed at.
/// </summary>
/// <param name="AtSequence">The last event sequence the analysis saw.</param>
/// <param name="Devices">The figure four eyes weigh: devices a restriction would lock at effect, or locks a lift would release.</param>
public sealed record ImpactSummary(long AtSequence, DateTimeOffset ComputedAt, int Devices, int WouldLockNow,
                                   int WouldLockAtEffect, int Spared, int Travellers, int Releases);
