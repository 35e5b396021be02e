using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sts.SigV4;

/// <summary>Browser POST-policy form uploads.</summary>
public sealed partial class SigV4Verifier
{
    /// <summary>
    /// Verifies a browser POST-policy upload: the signature over the Base64 <c>policy</c> field, the policy's
    /// <c>expiration</c>, and that neither the form's <c>bucket</c> field nor the policy's bucket condition names
    /// another bucket than the URL's. The host must still enforce the policy's remaining conditions against the
    /// form (see <see cref="SigV4VerificationResult.PolicyDocument"/>) and authorize the upload as <c>s3:PutObject</c>.
    /// </summary>
    /// <param name="request">The bucket from the URL and the form fields.</param>
    /// <param name="cancellationToken">Cancels the credential lookup.</param>
    /// <returns>
    /// Success (auth type <see cref="SigV4AuthType.PostPolicy"/>) or a failure:
    /// <see cref="SigV4ErrorCode.MissingAuthenticationToken"/> (no policy), <see cref="SigV4ErrorCode.InvalidArgument"/>,
    /// <see cref="SigV4ErrorCode.AuthorizationQueryParametersError"/>, <see cref="SigV4ErrorCode.InvalidAccessKeyId"/>,
    /// <see cref="SigV4ErrorCode.InvalidToken"/>, <see cref="SigV4ErrorCode.ExpiredToken"/>,
    /// <see cref="SigV4ErrorCode.SignatureDoesNotMatch"/>, <see cref="SigV4ErrorCode.InvalidPolicyDocument"/>,
    /// <see cref="SigV4ErrorCode.AccessDenied"/> (expired policy, wrong bucket), <see cref="SigV4ErrorCode.RequestHeaderSectionTooLarge"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its parts are null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<SigV4VerificationResult> VerifyPostPolicyAsync(SigV4PostPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Bucket);
        ArgumentNullException.ThrowIfNull(request.Fields);
        SigV4Error? error = PreparePost(request, out Pending pending, out PostFields fields);
        if (error is not null)
        {
            return SigV4VerificationResult.Fail(error);
        }

        string accessKeyId = FindAccessKeyId(ref pending);
        SigV4CredentialResult credential = await _resolver.ResolveAsync(accessKeyId, pending.SessionToken, cancellationToken).ConfigureAwait(false);
        if (!credential.IsSuccess)
        {
            return Fail(pending.Service.Family, credential.Failure, credential.FailureMessage ?? "The credentials could not be resolved.");
        }

        return CompletePost(request, in pending, fields, credential);
    }

    private SigV4VerificationResult CompletePost(SigV4PostPolicyRequest request, in Pending pending, PostFields fields, SigV4CredentialResult credential)
    {
        SigV4ServiceFamily family = pending.Service.Family;
        SigningKeyCache.Entry key = GetSigningKey(in pending, credential.SecretAccessKey!);
        Span<byte> expected = stackalloc byte[SigV4Crypto.HashSize];
        Span<byte> given = stackalloc byte[SigV4Crypto.HashSize];
        HMACSHA256.HashData(key.Key, Encoding.ASCII.GetBytes(fields.Policy), expected);
        if (!Hex.TryDecodeLower(pending.Source.AsSpan(pending.SignatureStart, pending.SignatureLength), given, out int length) ||
            length != SigV4Crypto.HashSize || !SigV4Crypto.FixedTimeEquals(expected, given))
        {
            return SignatureMismatch(family);
        }

        // Signature first, then the (now trusted) policy text.
        string json;
        DateTimeOffset expiration;
        string? policyBucket = null;
        try
        {
            json = Encoding.UTF8.GetString(Convert.FromBase64String(fields.Policy));
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("expiration", out JsonElement expirationElement) ||
                expirationElement.ValueKind != JsonValueKind.String ||
                !DateTimeOffset.TryParse(expirationElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out expiration))
            {
                return Fail(family, SigV4ErrorCode.InvalidPolicyDocument, "Invalid Policy: the policy has no valid 'expiration'.");
            }

            if (root.TryGetProperty("conditions", out JsonElement conditions) && conditions.ValueKind == JsonValueKind.Array)
            {
                policyBucket = FindBucketCondition(conditions);
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException or DecoderFallbackException)
        {
            return Fail(family, SigV4ErrorCode.InvalidPolicyDocument, "Invalid Policy: the policy is not Base64-encoded JSON.");
        }

        if (_time.GetUtcNow() > expiration)
        {
            return Fail(family, SigV4ErrorCode.AccessDenied, "Invalid according to Policy: Policy expired.");
        }

        if (policyBucket is not null && !string.Equals(policyBucket, request.Bucket, StringComparison.Ordinal))
        {
            return Fail(family, SigV4ErrorCode.AccessDenied, $"Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", \"{SigV4Crypto.Truncate(policyBucket)}\"]");
        }

        var success = new SigV4VerificationResult.SuccessFields
        {
            AccessKeyId = key.AccessKeyId,
            Identity = credential.Identity!,
            Region = key.Region,
            Service = pending.Service.Name,
            Family = family,
            AuthType = SigV4AuthType.PostPolicy,
            Algorithm = SigV4Algorithm.HmacSha256,
            PayloadMode = SigV4PayloadMode.UnsignedPayload,
            Body = Stream.Null,
            SessionToken = pending.SessionToken,
            RequestTime = pending.Time,
            PolicyDocument = json,
        };
        return new SigV4VerificationResult(in success, pending.Source, 0, 0);
    }

    private SigV4Error? PreparePost(SigV4PostPolicyRequest request, out Pending pending, out PostFields fields)
    {
        pending = default;
        fields = default;
        SigV4ServiceFamily family = _options.DefaultFamily;
        string?[] values = new string?[7];
        string[] names = ["policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature", "x-amz-security-token", "bucket"];
        long size = 0;
        foreach (KeyValuePair<string, string> field in request.Fields)
        {
            size += field.Key.Length + (field.Value?.Length ?? 0);
            if (size > _options.MaxHeaderBytes)
            {
                return new SigV4Error(SigV4ErrorCode.RequestHeaderSectionTooLarge, family, $"The form fields are larger than {_options.MaxHeaderBytes} bytes.");
            }

            int index = Array.FindIndex(names, n => n.Equals(field.Key, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                continue;
            }

            if (values[index] is not null)
            {
                return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, $"The form field '{names[index]}' appears more than once.");
            }

            values[index] = field.Value ?? string.Empty;
        }

        if (values[0] is null)
        {
            return new SigV4Error(SigV4ErrorCode.MissingAuthenticationToken, family, "The form has no policy field.");
        }

        for (int i = 1; i <= 4; i++)
        {
            if (values[i] is null)
            {
                return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, $"Bucket POST must contain a field named '{names[i]}'.");
            }
        }

        if (values[1] is not HmacAlgorithm)
        {
            return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, $"x-amz-algorithm '{SigV4Crypto.Truncate(values[1])}' is not supported; expected AWS4-HMAC-SHA256.");
        }

        if (values[6] is not null && !string.Equals(values[6], request.Bucket, StringComparison.Ordinal))
        {
            return new SigV4Error(SigV4ErrorCode.AccessDenied, family, $"The form's bucket field '{SigV4Crypto.Truncate(values[6])}' does not name the bucket in the URL.");
        }

        pending.Algorithm = SigV4Algorithm.HmacSha256;
        pending.AuthType = SigV4AuthType.PostPolicy;
        pending.Source = string.Concat(values[2], "\n\n", values[4]);
        pending.CredentialStart = 0;
        pending.CredentialLength = values[2]!.Length;
        pending.SignedStart = values[2]!.Length + 1;
        pending.SignedLength = 0;
        pending.SignatureStart = values[2]!.Length + 2;
        pending.SignatureLength = values[4]!.Length;
        pending.SessionToken = values[5];
        SigV4Error? error = ParseCredential(ref pending, SigV4ErrorCode.AuthorizationQueryParametersError, family);
        if (error is not null)
        {
            return error;
        }

        family = pending.Service.Family;
        if (!SigV4Crypto.TryParseAmzDate(values[3], out pending.Time))
        {
            return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, $"x-amz-date '{SigV4Crypto.Truncate(values[3])}' is not of the form yyyyMMddTHHmmssZ.");
        }

        ReadOnlySpan<char> scopeDate = pending.Source.AsSpan(pending.AccessKeyIdLength + 1, 8);
        if (!SigV4Crypto.ScopeDateMatches(scopeDate, pending.Time))
        {
            return new SigV4Error(SigV4ErrorCode.AuthorizationQueryParametersError, family, $"Date in Credential scope '{SigV4Crypto.Truncate(scopeDate)}' does not match x-amz-date.");
        }

        if (values[4]!.Length != SigV4Crypto.HexHashSize || !IsLowerHex(values[4]))
        {
            return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, "x-amz-signature is not 64 lower-case hex characters.");
        }

        fields = new PostFields(values[0]!);
        return null;
    }

    private static string? FindBucketCondition(JsonElement conditions)
    {
        foreach (JsonElement condition in conditions.EnumerateArray())
        {
            if (condition.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in condition.EnumerateObject())
                {
                    if (property.Name.Equals("bucket", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }
                }
            }
            else if (condition.ValueKind == JsonValueKind.Array && condition.GetArrayLength() == 3 &&
                     condition[0].ValueKind == JsonValueKind.String && condition[0].GetString() == "eq" &&
                     condition[1].ValueKind == JsonValueKind.String && string.Equals(condition[1].GetString(), "$bucket", StringComparison.OrdinalIgnoreCase) &&
                     condition[2].ValueKind == JsonValueKind.String)
            {
                return condition[2].GetString();
            }
        }

        return null;
    }

    private readonly record struct PostFields(string Policy);
}
