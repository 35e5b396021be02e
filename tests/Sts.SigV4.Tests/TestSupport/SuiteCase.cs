using System.Text.Json;

namespace Sts.SigV4.Tests.TestSupport;

/// <summary>One folder of the aws-c-auth signing suite.</summary>
internal sealed class SuiteCase
{
    private SuiteCase(string directory)
    {
        Directory = directory;
        using JsonDocument context = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "context.json")));
        JsonElement root = context.RootElement;
        JsonElement credentials = root.GetProperty("credentials");
        AccessKeyId = credentials.GetProperty("access_key_id").GetString()!;
        SecretAccessKey = credentials.GetProperty("secret_access_key").GetString()!;
        Token = credentials.TryGetProperty("token", out JsonElement token) ? token.GetString() : null;
        Region = root.GetProperty("region").GetString()!;
        Service = root.GetProperty("service").GetString()!;
        Normalize = root.GetProperty("normalize").GetBoolean();
        SignBody = root.GetProperty("sign_body").GetBoolean();
        OmitSessionToken = root.TryGetProperty("omit_session_token", out JsonElement omit) && omit.GetBoolean();
        Timestamp = DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        ExpiresSeconds = root.GetProperty("expiration_in_seconds").GetInt32();
    }

    public string Directory { get; }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    public string? Token { get; }

    public string Region { get; }

    public string Service { get; }

    public bool Normalize { get; }

    public bool SignBody { get; }

    public bool OmitSessionToken { get; }

    public DateTimeOffset Timestamp { get; }

    public int ExpiresSeconds { get; }

    public static SuiteCase Load(string half, string name)
    {
        string directory = Path.Combine(RepoPaths.SigV4Suite, half, name);
        if (!System.IO.Directory.Exists(directory))
        {
            Assert.Fail($"Suite case folder missing: {directory}");
        }

        return new SuiteCase(directory);
    }

    public bool Has(string file) => File.Exists(Path.Combine(Directory, file));

    public string Read(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public RawHttpRequest Request(string file = "request.txt") => RawHttpRequest.Parse(Read(file));

    public SigV4VerifierOptions Options() => new()
    {
        Services = new Dictionary<string, SigV4ServiceFamily> { [Service] = SigV4ServiceFamily.Query },
        UnnormalizedPathServices = Normalize ? new HashSet<string>() : new HashSet<string> { Service },
        AllowAnyRegion = false,
        AllowedRegions = new HashSet<string> { Region },
        ServerRegion = Region,
    };

    public SigV4Verifier Verifier(TimeProvider time) =>
        new(Options(), new StaticCredentialResolver().Add(AccessKeyId, SecretAccessKey, Token), time);
}
