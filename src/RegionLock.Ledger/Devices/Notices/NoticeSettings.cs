using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Devices.Notices;

/// <summary>Where owners' notices go and how hard the ledger tries (section <c>Notices</c>).</summary>
public sealed class NoticeSettings
{
    public const string Section = "Notices";

    /// <summary>The owner-notification system's webhook; without one every notice is recorded as failed.</summary>
    [Url(ErrorMessage = "Notices:WebhookUrl must be an absolute URL")]
    public string? WebhookUrl { get; set; }

    /// <summary>The webhook's shared secret (Standard Webhooks, whsec_ and base64); locally .data/keys/notice-webhook.secret.</summary>
    public string? SecretFile { get; set; }

    /// <summary>Create a missing secret file (local use); by default only in Development.</summary>
    public bool? CreateDevelopmentSecret { get; set; }

    [Range(1, 50, ErrorMessage = "Notices:MaxAttempts must be from {1} to {2}")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; each later wait doubles it.</summary>
    [Range(1, 86_400, ErrorMessage = "Notices:RetrySeconds must be from {1} to {2}")]
    public int RetrySeconds { get; set; } = 30;

    [Range(1, 300, ErrorMessage = "Notices:TimeoutSeconds must be from {1} to {2}")]
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan RetryAfter(int attempt) => TimeSpan.FromSeconds(RetrySeconds * Math.Pow(2, attempt - 1));
}
