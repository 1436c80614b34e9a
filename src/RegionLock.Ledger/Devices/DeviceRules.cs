using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Devices;

/// <summary>The validation rules that several device commands share.</summary>
public static class DeviceRules
{
    /// <summary>How far in the future a client's clock may put an instant before it is refused.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static IRuleBuilderOptions<T, string> ValidImei<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(Imei.IsWellFormed).WithMessage("'{PropertyName}' must be 15 digits")
            .Must(Imei.IsValid).WithMessage("'{PropertyName}' fails the Luhn check digit");

    public static IRuleBuilderOptions<T, string> KnownRegion<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(RegionCatalogue.Shared.IsKnown)
            .WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 or ISO 3166-2 code");

    public static IRuleBuilderOptions<T, string> KnownCountry<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(code => RegionCatalogue.Shared.Find(code) is { Parent: null })
            .WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 country code");

    public static IRuleBuilderOptions<T, DateTimeOffset> NotInTheFuture<T>(this IRuleBuilder<T, DateTimeOffset> rule,
                                                                            TimeProvider clock) =>
        rule.Must(instant => instant <= clock.GetUtcNow() + ClockSkew)
            .WithMessage($"'{{PropertyName}}' is in the future (more than {ClockSkew.TotalMinutes} minutes ahead)")
            .Must(instant => instant.Year >= 2000).WithMessage("'{PropertyName}' is before the year 2000");

    public static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.NotEmpty().MaximumLength(maxLength)
            .Must(text => !text.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters");
}
