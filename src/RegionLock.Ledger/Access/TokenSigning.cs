using System.Formats.Asn1;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Access;

/// <summary>
/// The ledger's token key as IdentityModel sees it: a public ECDSA key whose signatures are made by the
/// <see cref="ISigningKey"/>, wherever its private half is held (IdentityModel's own extension point, a custom crypto
/// provider). JWS takes an ES256 signature as R || S (RFC 7518 §3.4); signing keys give DER (RFC 3279), as KMSs do.
/// </summary>
public static class TokenSigning
{
    public static SecurityKey PublicKey(ISigningKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PublicKeyPem);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    public static SecurityKey SigningKey(ISigningKey key)
    {
        var signing = PublicKey(key);
        signing.CryptoProviderFactory = new CryptoProviderFactory { CustomCryptoProvider = new Provider(signing, key) };
        return signing;
    }

    /// <summary>An ES256 signature in DER as JWS carries it: R and S, each as 32 big-endian bytes.</summary>
    private static byte[] RawSignature(byte[] der)
    {
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var raw = new byte[64];
        foreach (var offset in new[] { 0, 32 })
        {
            var integer = sequence.ReadIntegerBytes().Span.TrimStart((byte)0);
            integer.CopyTo(raw.AsSpan(offset + 32 - integer.Length, integer.Length));
        }
        return raw;
    }

    private sealed class Provider(SecurityKey securityKey, ISigningKey key) : ICryptoProvider
    {
        public bool IsSupportedAlgorithm(string algorithm, params object[] args) => algorithm == SecurityAlgorithms.EcdsaSha256;

        public object Create(string algorithm, params object[] args) => new TokenSignatures(securityKey, key);

        public void Release(object cryptoInstance) => (cryptoInstance as IDisposable)?.Dispose();
    }

    private sealed class TokenSignatures(SecurityKey securityKey, ISigningKey key) : SignatureProvider(securityKey, SecurityAlgorithms.EcdsaSha256)
    {
        public override byte[] Sign(byte[] input) => RawSignature(key.Sign(input));

        // What JsonWebTokenHandler calls.
        public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
        {
            var signature = Sign(data.ToArray());
            bytesWritten = signature.Length;
            return signature.AsSpan().TryCopyTo(destination);
        }

        // Tokens are checked by the bearer handler with the public key, never through here.
        public override bool Verify(byte[] input, byte[] signature) => throw new NotSupportedException("this provider only signs");

        protected override void Dispose(bool disposing)
        {
        }
    }
}
