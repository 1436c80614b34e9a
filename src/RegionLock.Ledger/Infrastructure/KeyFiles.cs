namespace RegionLock.Ledger.Infrastructure;

/// <summary>Signing keys kept in files (PEM): read one, or create it where configuration allows.</summary>
public static class KeyFiles
{
    /// <summary>
    /// The one way the service finds a key file: the configured path, else the local one under .data/keys; missing,
    /// it is created only where <paramref name="create"/> allows (by default in Development).
    /// </summary>
    public static (string Path, string Key) Configured(string? path, bool? create, IHostEnvironment environment,
                                                      string localName, Func<string> generate, string setting)
    {
        var file = path ?? System.IO.Path.Combine(environment.ContentRootPath, ".data", "keys", localName);
        return (file, LoadOrCreate(file, create ?? environment.IsDevelopment(), generate, setting));
    }

    /// <summary>The configured key file (see <see cref="Configured"/>) of a signer, read again whenever it is replaced.</summary>
    public static KeyFile<T> Signer<T>(string? path, bool? create, IHostEnvironment environment, string localName,
                                       Func<string> generate, string setting, Func<string, T> parse) where T : class =>
        new(Configured(path, create, environment, localName, generate, setting).Path, parse);

    /// <summary>
    /// The key in <paramref name="file"/>; where there is none and <paramref name="create"/> holds, a new one from
    /// <paramref name="generate"/>, written owner-only and atomically, so that two processes starting together end
    /// up with the same key.
    /// </summary>
    public static string LoadOrCreate(string file, bool create, Func<string> generate, string setting)
    {
        if (File.Exists(file)) return File.ReadAllText(file);
        if (!create) throw new InvalidOperationException($"no signing key at {file}: set {setting} to a PEM private key");
        Replace(file, generate());
        return File.ReadAllText(file);
    }

    /// <summary>Writes a key file owner-only and atomically: readers see the old key or the new one, never half.</summary>
    public static void Replace(string file, string key, bool overwrite = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var draft = $"{file}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(draft, key);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(draft, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(draft, file, overwrite);
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(draft); // another process created it first: use theirs
        }
    }
}

/// <summary>
/// A key read from its file, read again when the file changes: a rotation (`keys rotate`) replaces the file, and
/// every service on it signs with the new key from its next signature on, without a restart.
/// </summary>
public sealed class KeyFile<T>(string path, Func<string, T> parse) where T : class
{
    private readonly Lock _reading = new();
    private (T Key, DateTime Written)? _loaded;

    public string Path { get; } = path;

    public T Current
    {
        get
        {
            var written = File.GetLastWriteTimeUtc(Path);
            lock (_reading)
            {
                if (_loaded is not { } loaded || loaded.Written != written) _loaded = (parse(File.ReadAllText(Path)), written);
                return _loaded.Value.Key;
            }
        }
    }
}
