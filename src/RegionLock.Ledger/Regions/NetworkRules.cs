namespace RegionLock.Ledger.Regions;

/// <summary>The validation of ITU-T E.212 codes in commands: an assigned MCC, an MNC the reference data knows under it.</summary>
public static class NetworkRules
{
    public static IRuleBuilderOptions<T, string> AssignedMcc<T>(this IRuleBuilder<T, string> rule) =>
        rule.Matches("^[0-9]{3}$").Must(RegionCatalogue.Shared.IsKnownMcc)
            .WithMessage("'{PropertyValue}' is not an assigned mobile country code");

    public static IRuleBuilderOptions<T, string> KnownMnc<T>(this IRuleBuilder<T, string> rule, Func<T, string> mcc) =>
        rule.Matches("^[0-9]{2,3}$")
            .Must((command, mnc) => RegionCatalogue.Shared.IsKnownNetwork(mcc(command), mnc))
            .WithMessage((command, mnc) => $"{mcc(command)}-{mnc} is not a mobile network the reference data knows");
}
