using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Reports;
using RegionLock.Transparency;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// Every signature the service makes goes through <see cref="ISigningKeys"/>: a key store that never shows a private
/// key (as a KMS or an HSM holds them) registered in place of the files signs the tokens, checkpoints, the log's notes
/// and export manifests, rotates, and everything it signed verifies with the public halves alone.
/// </summary>
public sealed class HeldSigningKeysTests : IAsyncLifetime
{
    private static readonly Actor Keeper = new("keeper@test", "admin");
    private readonly HeldKeys _keys = new();
    private readonly ConfiguredLedger _ledger;

    public HeldSigningKeysTests() =>
        _ledger = new ConfiguredLedger("ledger_held_keys_tests", [], services => services.AddSingleton<ISigningKeys>(_keys));

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private T Service<T>() where T : notnull => _ledger.Host.Services.GetRequiredService<T>();

    [Fact]
    public async Task a_key_store_that_never_shows_a_private_key_signs_everything_the_service_signs_and_it_all_verifies()
    {
        // The fixture's client carries a token minted with the held token key: a write accepted is a token verified.
        await new DeviceApi(_ledger.Client).Register();
        var first = (await _ledger.SignCheckpoint())!;
        var folder = Directory.CreateTempSubdirectory("held-keys-export-").FullName;
        var period = ReportRequest.Parse("2021-09-01T00:00:00Z", "2030-01-01T00:00:00Z", null, null, DateTimeOffset.UtcNow);
        await Service<ExportBundle>().Write(folder, "lock-register", period, null, CancellationToken.None);

        await Service<KeyRotation>().Rotate(SigningKeyKind.Checkpoint, Keeper, CancellationToken.None);
        await Service<KeyRotation>().Rotate(SigningKeyKind.Log, Keeper, CancellationToken.None);
        await new DeviceApi(_ledger.Client).Register();
        var second = (await _ledger.SignCheckpoint())!;

        Assert.Equal(_keys.Adopted(SigningKeyKind.Checkpoint)[0].KeyId, first.KeyId);
        Assert.Equal(_keys.Adopted(SigningKeyKind.Checkpoint)[1].KeyId, second.KeyId);
        foreach (var (checkpoint, key) in new[] { (first, 0), (second, 1) })
        {
            var held = _keys.Adopted(SigningKeyKind.Checkpoint)[key];
            Assert.True(EcdsaSigningKey.Verify(held.PublicKeyPem, checkpoint.Statement(), checkpoint.Signature));
            var log = _keys.Adopted(SigningKeyKind.Log)[key];
            var verifier = NoteVerifier.Of(Service<Ledger.Integrity.Log.LogSigner>().Origin, NoteSignatureType.Ed25519,
                                           Ed25519SigningKey.RawPublicKey(log.PublicKeyPem));
            Assert.Single(SignedNote.Parse(checkpoint.Note!).Verify([verifier]));
        }
        Assert.Null(ExportVerification.FirstProblem(folder, await Service<KeyHistory>().Read(CancellationToken.None)));
        var report = await _ledger.Verify();
        Assert.True(report.Intact, string.Join("; ", report.Findings) + report.Unverifiable);
        foreach (var kind in SigningKeyKind.All)
            Assert.True(_keys.Signatures(kind) > 0, $"nothing was signed with the held {kind} key");
    }

    /// <summary>Keys generated in memory and never exported: only signatures and public keys leave this store.</summary>
    private sealed class HeldKeys : ISigningKeys
    {
        private readonly ConcurrentDictionary<string, List<ISigningKey>> _adopted = new();
        private readonly ConcurrentDictionary<string, int> _signatures = new();

        public IReadOnlyList<ISigningKey> Adopted(string kind) => _adopted.GetOrAdd(kind, k => [Create(k)]);

        public int Signatures(string kind) => _signatures.GetValueOrDefault(kind);

        public ISigningKey? Current(string kind) => Adopted(kind)[^1];

        public KeyReplacement Replace(string kind)
        {
            var keys = _adopted.GetOrAdd(kind, k => [Create(k)]);
            var replaced = keys[^1];
            var adopted = Create(kind);
            lock (keys) keys.Add(adopted);
            return new KeyReplacement(replaced, adopted, () =>
            {
                lock (keys) keys.Remove(adopted);
            });
        }

        private ISigningKey Create(string kind) =>
            kind is SigningKeyKind.Checkpoint or SigningKeyKind.Token ? new HeldEcdsaKey(kind, this) : new HeldEd25519Key(kind, this);

        private void Signed(string kind) => _signatures.AddOrUpdate(kind, 1, (_, count) => count + 1);

        private sealed class HeldEcdsaKey(string kind, HeldKeys store) : ISigningKey
        {
            private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

            public string Kind => kind;
            public string KeyId => Ledger.Integrity.Keys.Signatures.KeyId(_key.ExportSubjectPublicKeyInfo());
            public string Algorithm => Ledger.Integrity.Keys.Signatures.EcdsaP256Sha256;
            public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

            public byte[] Sign(byte[] data)
            {
                store.Signed(kind);
                return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
        }

        private sealed class HeldEd25519Key(string kind, HeldKeys store) : ISigningKey
        {
            private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519); // not exportable

            public string Kind => kind;
            public string KeyId => Ledger.Integrity.Keys.Signatures.KeyId(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKey));
            public string Algorithm => Ledger.Integrity.Keys.Signatures.Ed25519;
            public string PublicKeyPem => Encoding.ASCII.GetString(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText));

            public byte[] Sign(byte[] data)
            {
                store.Signed(kind);
                return SignatureAlgorithm.Ed25519.Sign(_key, data);
            }
        }
    }
}
