using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.PersonalData;

/// <summary>
/// The key-encryption keys: every subject's data key is stored wrapped, never in the clear, so a copy of the database
/// (a backup, a replica, a dump) reveals no personal data without the key file kept apart from it. Wrapping is AES-256
/// in GCM mode with a 96-bit nonce and a 128-bit tag, the subject as associated data: the key-wrapping algorithm
/// A256GCMKW of RFC 7518 (JSON Web Algorithms), section 4.7, done with .NET's AesGcm. A wrapped key names its
/// key-encryption key by an id (the first 8 bytes of the key's SHA-256, hex), so rotating to a new one re-wraps.
/// </summary>
public sealed class KeyEncryptionKeys
{
    private const int NonceSize = 12, TagSize = 16;
    private readonly Dictionary<string, byte[]> _known = [];

    public KeyEncryptionKeys(IOptions<PersonalDataSettings> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        var (_, current) = KeyFiles.Configured(settings.KeyEncryptionKeyFile, settings.CreateDevelopmentKey, environment,
                                               "key-encryption.key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                                               "PersonalData:KeyEncryptionKeyFile");
        CurrentId = Add(current);
        foreach (var file in settings.PreviousKeyEncryptionKeyFiles) Add(File.ReadAllText(file));
    }

    /// <summary>The id of the key new subject keys are wrapped with.</summary>
    public string CurrentId { get; }

    private string Add(string base64)
    {
        var key = Convert.FromBase64String(base64.Trim());
        if (key.Length != 32) throw new InvalidOperationException("a key-encryption key is 32 bytes, base64");
        var id = Convert.ToHexStringLower(SHA256.HashData(key)[..8]);
        _known[id] = key;
        return id;
    }

    public byte[] Wrap(string subject, byte[] dataKey)
    {
        var wrapped = new byte[NonceSize + dataKey.Length + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using var aes = new AesGcm(_known[CurrentId], TagSize);
        aes.Encrypt(wrapped.AsSpan(0, NonceSize), dataKey, wrapped.AsSpan(NonceSize, dataKey.Length),
                    wrapped.AsSpan(NonceSize + dataKey.Length), Encoding.UTF8.GetBytes(subject));
        return wrapped;
    }

    /// <summary>The data key; a key stored before wrapping existed (no id) is taken as it is, until it is re-wrapped.</summary>
    public byte[] Unwrap(string subject, string? keyId, byte[] stored)
    {
        if (keyId is null) return stored;
        if (!_known.TryGetValue(keyId, out var kek))
            throw new InvalidOperationException($"the subject keys are wrapped by key-encryption key {keyId}, which this service does not hold " +
                                                "(PersonalData:KeyEncryptionKeyFile or PreviousKeyEncryptionKeyFiles)");
        var dataKey = new byte[stored.Length - NonceSize - TagSize];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(stored.AsSpan(0, NonceSize), stored.AsSpan(NonceSize, dataKey.Length), stored.AsSpan(NonceSize + dataKey.Length),
                    dataKey, Encoding.UTF8.GetBytes(subject));
        return dataKey;
    }
}
