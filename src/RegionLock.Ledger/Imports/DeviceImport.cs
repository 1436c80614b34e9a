using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Imports;

/// <summary>A line of the file, by its number (from 1).</summary>
public sealed record ImportLine(int Number, ImportRecord Record);

/// <summary>A line not applied, and why.</summary>
public sealed record ImportRejection(int Line, string? Id, string Reason);

/// <summary>What the ledger already holds of a device and of the appeals its lines name.</summary>
/// <param name="ActiveLocks">The device's active locks and their regions.</param>
/// <param name="ImportedIds">The ids of this origin's records already imported onto the streams of the batch.</param>
public sealed record LedgerHolds(bool Registered, IReadOnlyDictionary<Guid, string> ActiveLocks, IReadOnlySet<Guid> Appeals,
                                 IReadOnlySet<string> ImportedIds);

/// <summary>An event to append for a line: on the device's stream, or on an appeal's (<paramref name="Appeal"/>).</summary>
public sealed record PlannedEvent(ImportLine Line, object Data, Guid? Appeal);

/// <summary>A device's lines decided: the events to append, the lines already imported, or every line refused.</summary>
public sealed record DeviceDecision(IReadOnlyList<PlannedEvent> Events, int Skipped, IReadOnlyList<ImportRejection> Rejections);

/// <summary>
/// The lines of one device, decided together: all of them apply or none does. Lines already imported are skipped (a
/// second run appends nothing); the rest must make a history the ledger can hold — registered before anything else,
/// each unlock and appeal naming a lock the device holds, each appeal decision an appeal filed.
/// </summary>
public static class DeviceImport
{
    // The ids the ledger gives an earlier system's locks and appeals: the same record gives the same id in every run
    // (RFC 9562 name-based, version 5), so a later file's unlock finds an earlier file's lock.
    private static readonly Guid Namespace = Guid.Parse("5f0c6b8e-3a52-4c1e-9d0a-7b1f2e6c4d39");

    public static Guid IdOf(string origin, string originalId) => UUIDNext.Uuid.NewNameBased(Namespace, $"{origin}\n{originalId}");

    public static DeviceDecision Decide(string origin, IReadOnlyList<ImportLine> lines, LedgerHolds ledger)
    {
        var events = new List<PlannedEvent>();
        var refused = new Dictionary<int, string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var registered = ledger.Registered;
        var locks = new Dictionary<Guid, string>(ledger.ActiveLocks);
        var appeals = new HashSet<Guid>(ledger.Appeals);
        var skipped = 0;
        foreach (var line in lines)
        {
            var r = line.Record;
            if (ledger.ImportedIds.Contains(r.Id!))
            {
                skipped++;
                continue;
            }
            if (!seen.TryAdd(r.Id!, line.Number))
            {
                refused[line.Number] = $"id {r.Id} is on line {seen[r.Id!]} too";
                continue;
            }
            var (data, reason) = Decide(origin, r, ref registered, locks, appeals);
            if (reason is not null) refused[line.Number] = reason;
            else events.Add(new PlannedEvent(line, data!.Value.Event, data.Value.Appeal));
        }
        if (refused.Count == 0) return new DeviceDecision(events, skipped, []);

        var first = refused.Keys.Min();
        var rejections = lines.Where(l => !ledger.ImportedIds.Contains(l.Record.Id!))
            .Select(l => new ImportRejection(l.Number, l.Record.Id, refused.GetValueOrDefault(l.Number)
                ?? $"not applied: line {first} of device {l.Record.Imei} was refused (a device's lines apply all or none)"))
            .ToList();
        return new DeviceDecision([], skipped, rejections);
    }

    private static ((object Event, Guid? Appeal)? Data, string? Reason) Decide(string origin, ImportRecord r, ref bool registered,
                                                                              Dictionary<Guid, string> locks, HashSet<Guid> appeals)
    {
        var (imei, at) = (r.Imei!, r.At!.Value);
        if (r.Kind == ImportRecord.Registration)
        {
            if (registered) return (null, $"device {imei} is already registered");
            registered = true;
            return ((new DeviceRegistered(imei, r.Model!, r.SalesMarket!, at), null), null);
        }
        if (!registered) return (null, $"device {imei} is not registered: no registration before this line, none in the ledger");
        switch (r.Kind)
        {
            case ImportRecord.Observation:
                return ((new DeviceObserved(imei, r.Region!, StoredName<ObservationSignal>.Parse(r.Signal!), r.Mcc, r.Mnc, at), null), null);
            case ImportRecord.Locked:
                var lockId = IdOf(origin, r.Id!);
                locks[lockId] = r.Region!;
                return ((new DeviceLocked(imei, lockId, r.Region!, r.Reason!, r.PolicyVersion!.Value, null, at), null), null);
            case ImportRecord.Unlocked:
                var unlocked = IdOf(origin, r.Lock!);
                if (!locks.Remove(unlocked)) return (null, $"lock {r.Lock} is not an active lock of device {imei}");
                return ((new DeviceUnlocked(imei, unlocked, StoredName<UnlockReason>.Parse(r.Reason!), null, null, at), null), null);
            case ImportRecord.AppealFiled:
                var contested = IdOf(origin, r.Lock!);
                if (!locks.TryGetValue(contested, out var region)) return (null, $"lock {r.Lock} is not an active lock of device {imei}");
                var appeal = IdOf(origin, r.Id!);
                appeals.Add(appeal);
                return ((new AppealFiled(appeal, imei, contested, region, r.Grounds!, r.Contact!, at), appeal), null);
            default:
                var decided = IdOf(origin, r.Appeal!);
                if (!appeals.Contains(decided)) return (null, $"appeal {r.Appeal} was not filed for device {imei}");
                object outcome = r.Kind == ImportRecord.AppealDecided
                    ? new AppealDecided(decided, StoredName<AppealOutcome>.Parse(r.Outcome!), r.Rationale!, at)
                    : new AppealWithdrawn(decided, r.Reason!, at);
                return ((outcome, decided), null);
        }
    }
}
