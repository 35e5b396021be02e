using Sts.SigV4;

namespace Sts.Benchmarks.SigV4;

/// <summary>A resolver that answers synchronously from one pre-built result, so the benchmarks measure the verifier.</summary>
internal sealed class BenchmarkCredentials : ICredentialResolver
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly SigV4CredentialResult _result = SigV4CredentialResult.Success(Secret, "benchmark-identity");

    public ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_result);
}
