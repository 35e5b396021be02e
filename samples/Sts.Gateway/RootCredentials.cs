using System.Security.Cryptography;
using System.Text.Json;

namespace Sts.Gateway;

/// <summary>The default account's root keys: from configuration, else generated once, kept in the data directory
/// (owner-only file) and printed at every start so the operator can use them.</summary>
internal sealed record RootCredentials(string AccessKeyId, string SecretAccessKey, bool Generated)
{
    private const string FileName = "root-credentials.json";
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static RootCredentials Resolve(GatewayOptions options)
    {
        if (!string.IsNullOrEmpty(options.Root.AccessKeyId) && !string.IsNullOrEmpty(options.Root.SecretAccessKey))
        {
            return new RootCredentials(options.Root.AccessKeyId, options.Root.SecretAccessKey, false);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path))!;
            return new RootCredentials(stored.AccessKeyId, stored.SecretAccessKey, true);
        }

        var generated = new RootCredentials("AKIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16), RandomNumberGenerator.GetString(SecretAlphabet, 40), true);
        var temp = AtomicFile.TempName(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, fileOptions))
        {
            JsonSerializer.Serialize(file, new Stored(generated.AccessKeyId, generated.SecretAccessKey));
        }

        File.Move(temp, path, overwrite: true);
        return generated;
    }

    private sealed record Stored(string AccessKeyId, string SecretAccessKey);
}
