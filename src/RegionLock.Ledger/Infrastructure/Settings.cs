namespace RegionLock.Ledger.Infrastructure;

/// <summary>Configuration as typed settings, one type per area, checked when the service starts.</summary>
public static class Settings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and validates its annotations at start: a bad
    /// value stops the service with a message naming the setting.
    /// </summary>
    public static void AddSettings<T>(this WebApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
