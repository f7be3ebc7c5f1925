using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Platform.Persistence;

namespace Platform.Identity.Host.Oidc;

/// <summary>
/// The RSA keys the OpenID Connect server signs tokens with (published as its JWKS, so the gateway — or any relying
/// party — verifies them) and encrypts its authorization codes and refresh tokens with. Configured PEM text in
/// production; in the embedded default generated once (RSA 2048) into the owner-only data directory, so tokens survive
/// a restart. The key ids are stable names: a relying party finds the key by "kid".
/// </summary>
internal static class TokenKeys
{
    public static RsaSecurityKey Signing(IdentityServiceOptions options, string dataDirectory) =>
        Load(options.SigningKeyPem, dataDirectory, "identity-signing.pem", "identity-signing");

    public static RsaSecurityKey Encryption(IdentityServiceOptions options, string dataDirectory) =>
        Load(options.EncryptionKeyPem, dataDirectory, "identity-encryption.pem", "identity-encryption");

    private static RsaSecurityKey Load(string? configured, string dataDirectory, string file, string keyId)
    {
        var rsa = RSA.Create();
        if (configured is { Length: > 0 })
        {
            rsa.ImportFromPem(configured);
        }
        else
        {
            var path = OwnerOnlyData.CreateFile(dataDirectory, file);
            var pem = File.ReadAllText(path);
            if (pem.Length == 0)
            {
                rsa.KeySize = 2048;
                pem = rsa.ExportRSAPrivateKeyPem();
                File.WriteAllText(path, pem);
            }
            rsa.ImportFromPem(pem);
        }
        return new RsaSecurityKey(rsa) { KeyId = keyId };
    }
}
