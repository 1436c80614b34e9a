namespace RegionLock.Ledger.Devices;

/// <summary>The answer to a write on a device: the stream version to send back in If-Match.</summary>
public sealed record DeviceWritten(string Imei, long Version);

/// <summary>The answer to a lock: which lock was placed.</summary>
public sealed record LockPlaced(string Imei, Guid LockId, long Version);
