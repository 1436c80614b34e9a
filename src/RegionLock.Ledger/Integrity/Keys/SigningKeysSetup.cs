using Microsoft.Extensions.Options;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Exports;

namespace RegionLock.Ledger.Integrity.Keys;

public static class SigningKeysSetup
{
    /// <summary>The service's signing keys: PEM files. A KMS or HSM implementation of <see cref="ISigningKeys"/> is registered here instead.</summary>
    public static void AddSigningKeys(this IServiceCollection services) =>
        services.AddSingleton<ISigningKeys>(provider => new FileSigningKeys(
            provider.GetRequiredService<IOptions<IntegritySettings>>().Value, provider.GetRequiredService<IOptions<ExportSettings>>().Value,
            provider.GetRequiredService<IOptions<AuthSettings>>().Value, provider.GetRequiredService<IHostEnvironment>()));
}
