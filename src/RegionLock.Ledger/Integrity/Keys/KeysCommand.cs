using JasperFx.CommandLine;

namespace RegionLock.Ledger.Integrity.Keys;

public sealed class KeysInput : NetCoreInput
{
    [Description("list: the key history; rotate: replace the key of --kind")]
    public string Action { get; set; } = "list";

    [Description("checkpoint or export (with rotate)")]
    [FlagAlias("kind")]
    public string? KindFlag { get; set; }

    [Description("Who rotates, as the ledger records it (default: the operating system user)")]
    [FlagAlias("by")]
    public string? ByFlag { get; set; }
}

[Description("The ledger's signing keys: `keys list`, `keys rotate --kind checkpoint|export|log`", Name = "keys")]
public sealed class KeysCommand : JasperFxAsyncCommand<KeysInput>
{
    public override async Task<bool> Execute(KeysInput input)
    {
        using var host = input.BuildHost();
        switch (input.Action)
        {
            case "list":
                foreach (var key in (await host.Services.GetRequiredService<KeyHistory>().Read(CancellationToken.None)).Keys)
                {
                    Console.WriteLine($"{key.Adoption.Kind,-10} {key.Adoption.KeyId} {key.Adoption.Algorithm,-17} " +
                                      $"valid from {key.Adoption.ValidFrom.UtcDateTime:O}" +
                                      (key.RetiredAt is { } retired ? $" to {retired.UtcDateTime:O}" : " (current)"));
                }
                return true;
            case "rotate" when input.KindFlag is { } kind && SigningKeyKind.Rotatable.Contains(kind):
                var adoption = await host.Services.GetRequiredService<KeyRotation>().Rotate(
                    kind, new Actor(input.ByFlag ?? Environment.UserName, Access.Role.Admin), CancellationToken.None);
                Console.WriteLine($"{adoption.Kind} key {adoption.KeyId} replaces {adoption.Replaces} from {adoption.ValidFrom.UtcDateTime:O}");
                return true;
            default:
                Console.Error.WriteLine($"usage: keys list | keys rotate --kind {string.Join("|", SigningKeyKind.Rotatable)} [--by NAME]");
                return false;
        }
    }
}
