namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// A folder of its own under the system's temporary folder, deleted when disposed: where a report or bundle is written
/// and hashed before it is recorded and handed out. A file still open when it is deleted stays readable until closed.
/// </summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("regionlock-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A file of the folder to send: it is deleted when the response has read it.</summary>
    public static FileStream Send(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81_920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still being sent where the system cannot delete open files: its own DeleteOnClose removes it.
        }
    }
}
