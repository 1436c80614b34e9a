using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace RegionLock.Ledger.PersonalData;

/// <summary>
/// Crypto-shredding: personal data goes into events only encrypted (AES-256-GCM) under a key of its data subject,
/// and the keys live outside the events, in a table of their own. Erasing a subject destroys its key: the events,
/// and so the hash chain, stay as they are, and the data reads as erased everywhere.
/// Protected values look like <c>pd:v1:{subject}:{base64 of nonce, ciphertext, tag}</c>. The keys themselves are
/// stored wrapped by a key-encryption key kept outside the database (<see cref="KeyEncryptionKeys"/>).
/// </summary>
public sealed class PersonalDataVault(NpgsqlDataSource database, KeyEncryptionKeys keyEncryption)
{
    public const string Erased = "[erased]";
    public const string KeyTable = $"{LedgerSchema.Name}.subject_keys";
    private const string Prefix = "pd:v1:";
    private const int NonceSize = 12, TagSize = 16;

    public static void AddKeyTable(StoreOptions options)
    {
        var keys = new Table(new PostgresqlObjectName(LedgerSchema.Name, "subject_keys", SchemaUtils.IdentifierUsage.General));
        keys.AddColumn<string>("subject").AsPrimaryKey();
        keys.AddColumn("key", "bytea");
        keys.AddColumn<string>("kek_id");
        keys.AddColumn<DateTimeOffset>("created_at").NotNull();
        keys.AddColumn<DateTimeOffset>("erased_at");
        options.Storage.ExtendedSchemaObjects.Add(keys);
    }

    public async Task<string> Protect(string subject, string plaintext, CancellationToken cancellation)
    {
        var key = await KeyOf(subject, create: true, cancellation)
                  ?? throw new InvalidOperationException($"the personal data of {subject} was erased; nothing new is stored for it");
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedData = new byte[NonceSize + clear.Length + TagSize];
        nonce.CopyTo(sealedData, 0);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, clear, sealedData.AsSpan(NonceSize, clear.Length), sealedData.AsSpan(NonceSize + clear.Length),
                    Encoding.UTF8.GetBytes(subject));
        return $"{Prefix}{subject}:{Convert.ToBase64String(sealedData)}";
    }

    /// <summary>The plaintext, or <see cref="Erased"/> once the subject's key is destroyed.</summary>
    public async Task<string> Reveal(string protectedValue, CancellationToken cancellation)
    {
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal)) return protectedValue;
        var separator = protectedValue.LastIndexOf(':');
        var subject = protectedValue[Prefix.Length..separator];
        var key = await KeyOf(subject, create: false, cancellation);
        if (key is null) return Erased;

        var sealedData = Convert.FromBase64String(protectedValue[(separator + 1)..]);
        var clear = new byte[sealedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.AsSpan(0, NonceSize), sealedData.AsSpan(NonceSize, clear.Length),
                    sealedData.AsSpan(NonceSize + clear.Length), clear, Encoding.UTF8.GetBytes(subject));
        return Encoding.UTF8.GetString(clear);
    }

    /// <summary>Destroys the subject's key in the unit of work that records the erasure.</summary>
    public static void Erase(IDocumentSession session, string subject, DateTimeOffset at) =>
        session.QueueSqlCommand($"update {KeyTable} set key = null, kek_id = null, erased_at = coalesce(erased_at, ?) where subject = ?", at, subject);

    /// <summary>
    /// Re-wraps every subject key not wrapped by the current key-encryption key (or not wrapped at all, from before
    /// wrapping), a thousand at a time: what rotating the key-encryption key asks for. The number re-wrapped.
    /// </summary>
    public async Task<int> Rewrap(CancellationToken cancellation)
    {
        var total = 0;
        while (true)
        {
            var batch = new List<(string Subject, byte[] Key, string? KeyId)>();
            await using (var select = database.CreateCommand(
                $"select subject, key, kek_id from {KeyTable} where key is not null and kek_id is distinct from $1 order by subject limit 1000"))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = keyEncryption.CurrentId });
                await using var reader = await select.ExecuteReaderAsync(cancellation);
                while (await reader.ReadAsync(cancellation))
                    batch.Add((reader.GetString(0), (byte[])reader[1], reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
            if (batch.Count == 0) return total;
            foreach (var (subject, stored, keyId) in batch)
            {
                // Only if nothing changed it meanwhile (an erasure, another rewrap).
                await using var update = database.CreateCommand(
                    $"update {KeyTable} set key = $2, kek_id = $3 where subject = $1 and key = $4");
                update.Parameters.Add(new NpgsqlParameter { Value = subject });
                update.Parameters.Add(new NpgsqlParameter { Value = keyEncryption.Wrap(subject, keyEncryption.Unwrap(subject, keyId, stored)) });
                update.Parameters.Add(new NpgsqlParameter { Value = keyEncryption.CurrentId });
                update.Parameters.Add(new NpgsqlParameter { Value = stored });
                total += await update.ExecuteNonQueryAsync(cancellation);
            }
        }
    }

    private async Task<byte[]?> KeyOf(string subject, bool create, CancellationToken cancellation)
    {
        if (create)
        {
            await using var insert = database.CreateCommand(
                $"insert into {KeyTable} (subject, key, kek_id, created_at) values ($1, $2, $3, now()) on conflict (subject) do nothing");
            insert.Parameters.Add(new NpgsqlParameter { Value = subject });
            insert.Parameters.Add(new NpgsqlParameter { Value = keyEncryption.Wrap(subject, RandomNumberGenerator.GetBytes(32)) });
            insert.Parameters.Add(new NpgsqlParameter { Value = keyEncryption.CurrentId });
            await insert.ExecuteNonQueryAsync(cancellation);
        }
        await using var select = database.CreateCommand($"select key, kek_id from {KeyTable} where subject = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = subject });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation) || reader.IsDBNull(0)) return null;
        return keyEncryption.Unwrap(subject, reader.IsDBNull(1) ? null : reader.GetString(1), (byte[])reader[0]);
    }
}
