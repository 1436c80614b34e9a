using JasperFx.CommandLine;

namespace RegionLock.Ledger.Access;

public sealed class TokenInput : NetCoreInput
{
    [Description("The role(s) the token grants, comma-separated: enforcement, support, compliance, auditor, admin, witness")]
    [FlagAlias("role")]
    public string RoleFlag { get; set; } = "";

    [Description("Who the token names (its subject, recorded with every write)")]
    [FlagAlias("subject")]
    public string SubjectFlag { get; set; } = Environment.UserName;

    [Description("How many hours the token lives (default 8)")]
    [FlagAlias("hours")]
    public double HoursFlag { get; set; } = 8;
}

/// <summary>`token --role auditor [--subject NAME] [--hours N]`: prints a bearer token signed with Auth:SigningKeyFile.</summary>
[Description("Mint a bearer token signed with the ledger's own key (development and small deployments)", Name = "token")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        var roles = input.RoleFlag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.Length == 0) throw new ArgumentException($"name a role with --role: {string.Join(", ", Role.All)}");
        using var host = input.BuildHost();
        var token = host.Services.GetRequiredService<TokenIssuer>()
            .Mint(input.SubjectFlag, roles, TimeSpan.FromHours(input.HoursFlag));
        Console.WriteLine(token);
        return true;
    }
}
