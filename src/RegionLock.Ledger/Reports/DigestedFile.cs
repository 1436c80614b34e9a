using System.Security.Cryptography;

namespace RegionLock.Ledger.Reports;

/// <summary>A file's name, SHA-256 and size, as a manifest or a disclosure names it.</summary>
public sealed record FileDigest(string Name, string Sha256, long Bytes)
{
    public static FileDigest Of(string name, byte[] bytes) => new(name, Sha256Of(bytes), bytes.Length);

    /// <summary>The SHA-256 of bytes in lowercase hex, as manifests and disclosures write it.</summary>
    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>
/// A file written through SHA-256 as it streams (a <see cref="CryptoStream"/> over the file): its digest without
/// reading it again, and without holding it in memory.
/// </summary>
public sealed class DigestedFile : IAsyncDisposable
{
    private readonly string _name;
    private readonly FileStream _file;
    private readonly SHA256 _sha = SHA256.Create();

    private DigestedFile(string path)
    {
        _name = Path.GetFileName(path);
        _file = File.Create(path);
        Stream = new CryptoStream(_file, _sha, CryptoStreamMode.Write, leaveOpen: true);
    }

    /// <summary>What to write the file's bytes to.</summary>
    public CryptoStream Stream { get; }

    public static DigestedFile Create(string path) => new(path);

    public static async Task<FileDigest> Write(string path, byte[] bytes, CancellationToken cancellation)
    {
        await using var file = Create(path);
        await file.Stream.WriteAsync(bytes, cancellation);
        return await file.Close(cancellation);
    }

    /// <summary>Ends the file: its digest.</summary>
    public async Task<FileDigest> Close(CancellationToken cancellation)
    {
        await Stream.FlushFinalBlockAsync(cancellation);
        await _file.FlushAsync(cancellation);
        return new FileDigest(_name, Convert.ToHexStringLower(_sha.Hash!), _file.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        await _file.DisposeAsync();
        _sha.Dispose();
    }
}
