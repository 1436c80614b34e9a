namespace RegionLock.Ledger.Infrastructure;

/// <summary>Signing keys kept in files (PEM): read one, or create it where configuration allows.</summary>
public static class KeyFiles
{
    /// <summary>
    /// The key in <paramref name="file"/>; where there is none and <paramref name="create"/> holds, a new one from
    /// <paramref name="generate"/>, written owner-only and atomically, so that two processes starting together end
    /// up with the same key.
    /// </summary>
    public static string LoadOrCreate(string file, bool create, Func<string> generate, string setting)
    {
        if (File.Exists(file)) return File.ReadAllText(file);
        if (!create) throw new InvalidOperationException($"no signing key at {file}: set {setting} to a PEM private key");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var draft = $"{file}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(draft, generate());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(draft, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(draft, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(draft); // another process created it first: use theirs
        }
        return File.ReadAllText(file);
    }
}
