namespace RegionLock.Ledger.Infrastructure;

/// <summary>Configuration as typed settings, one type per area, checked when the service starts.</summary>
public static class Settings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and validates its annotations at start: a bad
    /// value stops the service with a message naming the setting.
    /// </summary>
    /// <returns>The values as bound, for wiring that is done before the service starts.</returns>
    public static T AddSettings<T>(this WebApplicationBuilder builder, string section) where T : class, new()
    {
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        return builder.Configuration.GetSection(section).Get<T>() ?? new T();
    }
}
