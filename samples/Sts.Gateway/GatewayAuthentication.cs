using Sts.Core;
using Sts.Core.S3;

namespace Sts.Gateway;

/// <summary>The outcome of authenticating one request: a principal (null when anonymous) and the body to read
/// (verified as it streams: aws-chunked signatures, trailing checksums, payload hash), or an error.</summary>
internal sealed class GatewayAuthentication
{
    private GatewayAuthentication(StsError? error, GatewayPrincipal? principal, Stream? body, string region, S3AuthType authType, string? signatureVersion)
    {
        Error = error;
        Principal = principal;
        Body = body ?? Stream.Null;
        Region = region;
        AuthType = authType;
        SignatureVersion = signatureVersion;
    }

    public StsError? Error { get; }

    public GatewayPrincipal? Principal { get; }

    public Stream Body { get; }

    public string Region { get; }

    public S3AuthType AuthType { get; }

    public string? SignatureVersion { get; }

    public static GatewayAuthentication Failure(StsError error) => new(error, null, null, string.Empty, S3AuthType.Anonymous, null);

    public static GatewayAuthentication Success(GatewayPrincipal? principal, Stream body, string region, S3AuthType authType, string? signatureVersion) =>
        new(null, principal, body, region, authType, signatureVersion);
}
