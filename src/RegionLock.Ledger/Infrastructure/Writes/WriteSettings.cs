using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>How writes are taken over HTTP (section <c>Http</c>).</summary>
public sealed class HttpWriteSettings
{
    public const string Section = "Http";

    /// <summary>
    /// A write to an existing stream without If-Match is refused with 428 (RFC 6585): every client then states which
    /// version it decided on. Off by default so that the enforcement pipeline may append observations blind.
    /// </summary>
    public bool RequireIfMatch { get; set; }
}

/// <summary>How long an Idempotency-Key is remembered (section <c>Idempotency</c>).</summary>
public sealed class IdempotencySettings
{
    public const string Section = "Idempotency";

    /// <summary>Days a key's first answer is replayed; after them the key may be used for a new request.</summary>
    [Range(1, 3650, ErrorMessage = "Idempotency:RetentionDays must be a whole number of days from {1} to {2}")]
    public int RetentionDays { get; set; } = 30;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
