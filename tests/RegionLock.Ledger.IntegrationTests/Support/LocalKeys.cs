namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// What ops/run gives a service besides its database: signing keys of its own, generated on first use into a fresh
/// folder. Shared with the benchmarks, which start services the same way.
/// </summary>
public static class LocalKeys
{
    public static Dictionary<string, string?> Settings(string connectionString)
    {
        var keys = Directory.CreateTempSubdirectory("regionlock-ledger-keys-").FullName;
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ledger"] = connectionString,
            ["Integrity:SigningKeyFile"] = Path.Combine(keys, "checkpoint.pem"),
            ["Integrity:SealKeyFile"] = Path.Combine(keys, "event-seal.key"),
            ["Integrity:LogKeyFile"] = Path.Combine(keys, "log.pem"),
            ["Integrity:CreateDevelopmentKey"] = "true",
            // Tests wipe their ledgers after the service starts: keys are recorded when they first sign.
            ["Integrity:RecordKeysAtStart"] = "false",
            ["Exports:SigningKeyFile"] = Path.Combine(keys, "export.pem"),
            ["Exports:CreateDevelopmentKey"] = "true",
            ["Auth:SigningKeyFile"] = Path.Combine(keys, "token.pem"),
            ["Auth:CreateDevelopmentKey"] = "true",
            ["PersonalData:KeyEncryptionKeyFile"] = Path.Combine(keys, "key-encryption.key"),
            ["PersonalData:CreateDevelopmentKey"] = "true",
            ["PersonalData:ErasureListFile"] = Path.Combine(keys, "erasures.list"),
        };
    }
}
