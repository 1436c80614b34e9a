using JasperFx.CommandLine;

namespace RegionLock.Ledger.PersonalData;

/// <summary>
/// `rewrap-keys`: after PersonalData:KeyEncryptionKeyFile names a new key (the old one listed in
/// PreviousKeyEncryptionKeyFiles), wraps every subject key with the new one; the old file can then be destroyed.
/// </summary>
[Description("Re-wrap every personal-data key with the current key-encryption key", Name = "rewrap-keys")]
public sealed class RewrapCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var vault = host.Services.GetRequiredService<PersonalDataVault>();
        var count = await vault.Rewrap(CancellationToken.None);
        Console.WriteLine($"{count:N0} subject keys re-wrapped with key-encryption key {host.Services.GetRequiredService<KeyEncryptionKeys>().CurrentId}");
        return true;
    }
}
