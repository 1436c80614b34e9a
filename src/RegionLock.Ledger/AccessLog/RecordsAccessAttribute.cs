namespace RegionLock.Ledger.AccessLog;

/// <summary>
/// A read the access log records: its kind, and the route or query value that names what it reads (the whole request
/// when none is named).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RecordsAccessAttribute(string kind, string? target = null) : Attribute
{
    public string Kind { get; } = kind;
    public string? Target { get; } = target;
}
