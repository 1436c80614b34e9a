namespace RegionLock.Ledger.Devices;

/// <summary>The answer to a write on a device: the stream version to send back in If-Match.</summary>
public sealed record DeviceWritten(string Imei, long Version)
{
    /// <summary>The write of a device endpoint: append what the decision gives, answer with the version the stream will have.</summary>
    public static DeviceWritten Append(IEventStream<Device> device, Func<Device, object> decide)
    {
        device.AppendOne(decide(device.Aggregate!));
        return new DeviceWritten(device.Aggregate!.Imei, device.CurrentVersion!.Value);
    }
}

/// <summary>The answer to a lock: which lock was placed.</summary>
public sealed record LockPlaced(string Imei, Guid LockId, long Version);
