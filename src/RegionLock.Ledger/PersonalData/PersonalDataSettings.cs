namespace RegionLock.Ledger.PersonalData;

/// <summary>Where the keys that guard personal data are kept, outside the database (section <c>PersonalData</c>).</summary>
public sealed class PersonalDataSettings
{
    public const string Section = "PersonalData";

    /// <summary>The key-encryption key (32 random bytes, base64) every subject's key is wrapped with; locally .data/keys/key-encryption.key.</summary>
    public string? KeyEncryptionKeyFile { get; set; }

    /// <summary>Earlier key-encryption keys, kept while `personal-data rewrap` moves the subject keys to the current one.</summary>
    public string[] PreviousKeyEncryptionKeyFiles { get; set; } = [];

    /// <summary>Create a missing key-encryption key file (local use); by default only in Development.</summary>
    public bool? CreateDevelopmentKey { get; set; }

    /// <summary>
    /// The erasure list: every erasure, a line each, kept beside the key-encryption key and replayed at start, so that a
    /// database restored from a backup taken before an erasure does not bring the erased data back.
    /// </summary>
    public string? ErasureListFile { get; set; }
}
