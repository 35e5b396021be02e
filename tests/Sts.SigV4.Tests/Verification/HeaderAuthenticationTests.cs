using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Verification;

/// <summary>Header authentication: malformed input gets the right code per service family, quickly.</summary>
public sealed class HeaderAuthenticationTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SigV4Verifier Verifier(SigV4VerifierOptions? options = null, DateTimeOffset? now = null, ICredentialResolver? resolver = null) =>
        new(options ?? new SigV4VerifierOptions(), resolver ?? TestSigner.Resolver(), new FakeTimeProvider(now ?? Now));

    private static List<KeyValuePair<string, string>> SignedGet(string service = "s3", DateTimeOffset? at = null, string region = "us-east-1", params (string, string)[] extra)
    {
        var signer = new TestSigner(at ?? Now, service, region);
        var headers = new List<KeyValuePair<string, string>> { new("Host", "bucket.s3.amazonaws.com") };
        if (service == "s3")
        {
            headers.Add(new("x-amz-content-sha256", S3Example.EmptyHash));
        }

        headers.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)));
        signer.SignHeaders("GET", "/key", "", headers, S3Example.EmptyHash);
        return headers;
    }

    private static SigV4Request Get(List<KeyValuePair<string, string>> headers, string query = "") =>
        new() { Method = "GET", RawPath = "/key", RawQuery = query, Headers = headers };

    private static List<KeyValuePair<string, string>> WithAuthorization(List<KeyValuePair<string, string>> headers, Func<string, string> change)
    {
        var copy = new List<KeyValuePair<string, string>>(headers);
        int i = copy.FindIndex(h => h.Key == "Authorization");
        copy[i] = new(copy[i].Key, change(copy[i].Value));
        return copy;
    }

    [Test]
    public async Task VerifyAsync_ValidSignedGet_ReturnsSignerAndScope()
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(SignedGet()));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.AccessKeyId, Is.EqualTo(TestSigner.AccessKeyId));
        Assert.That(result.Identity, Is.EqualTo("identity:" + TestSigner.AccessKeyId));
        Assert.That(result.Service, Is.EqualTo("s3"));
        Assert.That(result.Region, Is.EqualTo("us-east-1"));
        Assert.That(result.RequestTime, Is.EqualTo(Now));
    }

    [TestCase(SigV4ServiceFamily.S3, "AccessDenied")]
    [TestCase(SigV4ServiceFamily.Query, "MissingAuthenticationToken")]
    public async Task VerifyAsync_NoAuthentication_ReturnsMissingAuthenticationToken(SigV4ServiceFamily family, string awsCode)
    {
        SigV4VerificationResult result = await Verifier(new SigV4VerifierOptions { DefaultFamily = family })
            .VerifyAsync(Get([new("Host", "h")]));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.MissingAuthenticationToken));
        Assert.That(result.Error?.AwsCode, Is.EqualTo(awsCode));
        Assert.That(result.Error?.HttpStatus, Is.EqualTo(403));
    }

    [TestCase("AWS4-HMAC-SHA512 Credential=a/20240601/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00", "not supported", TestName = "VerifyAsync_UnknownAlgorithm_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS AKIA:c2lnbmF0dXJl", "not supported", TestName = "VerifyAsync_SigV2Header_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256", "no algorithm and parameters", TestName = "VerifyAsync_AlgorithmOnly_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential", "not name=value", TestName = "VerifyAsync_PartWithoutEquals_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential=x, Credential=y, SignedHeaders=host, Signature=0", "more than once", TestName = "VerifyAsync_RepeatedPart_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential=x, Foo=y, SignedHeaders=host, Signature=0", "unknown", TestName = "VerifyAsync_UnknownPart_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential=AKIA/20240601/us-east-1/s3, SignedHeaders=host, Signature=0", "not of the form", TestName = "VerifyAsync_CredentialWithFourParts_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential=AKIA/20240601/us-east-1/s3/aws4_requestx, SignedHeaders=host, Signature=0", "not of the form", TestName = "VerifyAsync_WrongScopeTerminator_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential=AKIA/2024061/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0", "not of the form", TestName = "VerifyAsync_SevenDigitScopeDate_ReturnsAuthorizationHeaderMalformed")]
    [TestCase("AWS4-HMAC-SHA256 Credential=AKIA/20240601/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0", "valid service", TestName = "VerifyAsync_UnconfiguredService_ReturnsAuthorizationHeaderMalformed")]
    public async Task VerifyAsync_MalformedAuthorization_ReturnsMalformed(string authorization, string messagePart)
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get([new("Host", "h"), new("x-amz-date", "20240601T120000Z"), new("Authorization", authorization)]));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AuthorizationHeaderMalformed"));
        Assert.That(result.Error?.HttpStatus, Is.EqualTo(400));
        Assert.That(result.Error?.Message, Does.Contain(messagePart));
    }

    [Test]
    public async Task VerifyAsync_MissingSignaturePart_ReturnsIncompleteSignatureNamingIt()
    {
        var headers = WithAuthorization(SignedGet(), a => a[..a.IndexOf(", Signature=", StringComparison.Ordinal)]);

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.IncompleteSignature));
        Assert.That(result.Error?.Message, Does.Contain("'Signature'"));
    }

    [Test]
    public async Task VerifyAsync_StsMalformedHeader_SpellsIncompleteSignature()
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get([new("Host", "h"), new("x-amz-date", "20240601T120000Z"),
            new("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20240601/us-east-1/sts/aws4_request, SignedHeaders=Host, Signature=00")]));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("IncompleteSignature"));
    }

    [Test]
    public async Task VerifyAsync_AuthorizationWithoutSpacesAfterCommas_Verifies()
    {
        var headers = WithAuthorization(SignedGet(), a => a.Replace(", ", ",", StringComparison.Ordinal));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
    }

    [TestCase("g", TestName = "VerifyAsync_NonHexSignature_ReturnsMalformed")]
    [TestCase("A", TestName = "VerifyAsync_UpperCaseHexSignature_ReturnsMalformed")]
    [TestCase("", TestName = "VerifyAsync_SixtyThreeCharacterSignature_ReturnsMalformed")]
    [TestCase("00", TestName = "VerifyAsync_SixtyFiveCharacterSignature_ReturnsMalformed")]
    public async Task VerifyAsync_SignatureShape_ReturnsMalformed(string replacementForLastCharacter)
    {
        var headers = WithAuthorization(SignedGet(), a => a[..^1] + replacementForLastCharacter);

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.AuthorizationHeaderMalformed));
        Assert.That(result.Error?.Message, Does.Contain("hex"));
        Assert.That(result.Error?.Message, Does.Not.Contain(headers.Find(h => h.Key == "Authorization").Value[^64..^1]), "no signature in messages");
    }

    [Test]
    public async Task VerifyAsync_WrongButWellFormedSignature_ReturnsSignatureDoesNotMatch()
    {
        var headers = WithAuthorization(SignedGet(), a => a[..^1] + (a[^1] == '0' ? '1' : '0'));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("SignatureDoesNotMatch"));
        Assert.That(result.Error?.HttpStatus, Is.EqualTo(403));
    }

    [TestCase("host;x-amz-date;x-amz-content-sha256", "sorted", TestName = "VerifyAsync_UnsortedSignedHeaders_ReturnsMalformed")]
    [TestCase("Host;x-amz-content-sha256;x-amz-date", "lower-case", TestName = "VerifyAsync_UpperCaseSignedHeaders_ReturnsMalformed")]
    [TestCase("host;;x-amz-date", "lower-case", TestName = "VerifyAsync_EmptySignedHeaderName_ReturnsMalformed")]
    [TestCase("host;host;x-amz-date", "sorted", TestName = "VerifyAsync_RepeatedSignedHeader_ReturnsMalformed")]
    public async Task VerifyAsync_BadSignedHeaderList_ReturnsMalformed(string list, string messagePart)
    {
        var headers = WithAuthorization(SignedGet(), a => a.Replace("host;x-amz-content-sha256;x-amz-date", list, StringComparison.Ordinal));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.AuthorizationHeaderMalformed));
        Assert.That(result.Error?.Message, Does.Contain(messagePart));
    }

    [Test]
    public async Task VerifyAsync_HostNotSigned_ReturnsAccessDenied()
    {
        var signer = new TestSigner(Now);
        var headers = new List<KeyValuePair<string, string>> { new("Host", "h"), new("x-amz-content-sha256", S3Example.EmptyHash) };
        signer.SignHeaders("GET", "/key", "", headers, S3Example.EmptyHash, "x-amz-content-sha256;x-amz-date");

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.AccessDenied));
        Assert.That(result.Error?.Message, Does.Contain("host"));
    }

    [Test]
    public async Task VerifyAsync_SignedHeaderAbsent_ReturnsSignatureDoesNotMatchNamingIt()
    {
        var headers = SignedGet(extra: ("x-custom", "1"));
        headers.RemoveAll(h => h.Key == "x-custom");

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.SignatureDoesNotMatch));
        Assert.That(result.Error?.Message, Does.Contain("x-custom"));
    }

    [Test]
    public async Task VerifyAsync_OneMegabyteHeader_ReturnsHeaderSectionTooLargeBeforeParsing()
    {
        var headers = SignedGet();
        headers.Add(new("X-Big", new string('a', 1024 * 1024)));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.RequestHeaderSectionTooLarge));
    }

    [Test]
    public async Task VerifyAsync_OneMegabyteAuthorizationHeader_ReturnsHeaderSectionTooLarge()
    {
        var headers = WithAuthorization(SignedGet(), a => a + new string(',', 1024 * 1024));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.RequestHeaderSectionTooLarge));
    }

    [Test]
    public async Task VerifyAsync_HugeRequestTarget_ReturnsHeaderSectionTooLarge()
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(SignedGet(), query: new string('a', 1024 * 1024)));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.RequestHeaderSectionTooLarge));
    }

    [Test]
    public async Task VerifyAsync_ScopeDateDiffersFromXAmzDate_ReturnsMalformedQuotingScopeDate()
    {
        var headers = WithAuthorization(SignedGet(), a => a.Replace("/20240601/", "/20240602/", StringComparison.Ordinal));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AuthorizationHeaderMalformed"));
        Assert.That(result.Error?.Message, Does.Contain("Date in Credential scope '20240602'"));
    }

    [TestCase(16, false)]
    [TestCase(-16, false)]
    [TestCase(14, true)]
    [TestCase(-14, true)]
    public async Task VerifyAsync_ClockSkew_AllowsFifteenMinutesEitherWay(int minutesOff, bool accepted)
    {
        SigV4VerificationResult result = await Verifier(now: Now.AddMinutes(minutesOff)).VerifyAsync(Get(SignedGet()));

        Assert.That(result.IsSuccess, Is.EqualTo(accepted), () => result.Error?.ToString() ?? "");
        if (!accepted)
        {
            Assert.That(result.Error!.AwsCode, Is.EqualTo("RequestTimeTooSkewed"));
            Assert.That(result.Error.HttpStatus, Is.EqualTo(403));
        }
    }

    [Test]
    public async Task VerifyAsync_StsClockSkew_ReturnsSignatureDoesNotMatchSignatureExpired()
    {
        SigV4VerificationResult result = await Verifier(now: Now.AddMinutes(20)).VerifyAsync(Get(SignedGet("sts")));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.RequestTimeTooSkewed));
        Assert.That(result.Error?.AwsCode, Is.EqualTo("SignatureDoesNotMatch"));
        Assert.That(result.Error?.Message, Does.StartWith("Signature expired"));
    }

    [Test]
    public async Task VerifyAsync_ConfiguredSkewOfFiveMinutes_RejectsSixMinutes()
    {
        SigV4VerificationResult result = await Verifier(new SigV4VerifierOptions { MaxClockSkew = TimeSpan.FromMinutes(5) }, Now.AddMinutes(6)).VerifyAsync(Get(SignedGet()));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.RequestTimeTooSkewed));
    }

    [Test]
    public async Task VerifyAsync_NoDateAtAll_ReturnsAccessDenied()
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get([new("Host", "h"), new("x-amz-content-sha256", S3Example.EmptyHash),
            new("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20240601/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + new string('0', 64))]));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.AccessDenied));
        Assert.That(result.Error?.Message, Does.Contain("Date or x-amz-date"));
    }

    [Test]
    public async Task VerifyAsync_BadlyFormattedXAmzDate_ReturnsAccessDeniedQuotingIt()
    {
        var headers = SignedGet();
        int i = headers.FindIndex(h => h.Key == "X-Amz-Date");
        headers[i] = new("X-Amz-Date", "2024-06-01T12:00:00Z");

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.AccessDenied));
        Assert.That(result.Error?.Message, Does.Contain("'2024-06-01T12:00:00Z'"));
    }

    [Test]
    public async Task VerifyAsync_DateHeaderInsteadOfXAmzDate_VerifiesWhenSigned()
    {
        var signer = new TestSigner(Now);
        var headers = new List<KeyValuePair<string, string>> { new("Host", "h"), new("Date", "Sat, 01 Jun 2024 12:00:00 GMT"), new("x-amz-content-sha256", S3Example.EmptyHash), new("X-Amz-Date", "placeholder") };
        headers.RemoveAll(h => h.Key == "X-Amz-Date");
        string signed = "date;host;x-amz-content-sha256";
        string signature = signer.Signature(SuiteSigner.Canonical("GET", "/key", "", headers, signed, S3Example.EmptyHash, normalize: false));
        headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={TestSigner.AccessKeyId}/{signer.Scope}, SignedHeaders={signed}, Signature={signature}"));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.RequestTime, Is.EqualTo(Now));
    }

    [TestCase("", true, TestName = "VerifyAsync_EmptyRegionWithAnyRegionAllowed_Verifies")]
    [TestCase("eu-west-3", true, TestName = "VerifyAsync_OtherRegionWithAnyRegionAllowed_Verifies")]
    public async Task VerifyAsync_AnyRegion_Verifies(string region, bool ok)
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(SignedGet(region: region)));

        Assert.That(result.IsSuccess, Is.EqualTo(ok), () => result.Error?.ToString() ?? "");
        Assert.That(result.Region, Is.EqualTo(region));
    }

    [Test]
    public async Task VerifyAsync_RegionOutsideAllowedSet_ReturnsMalformedNamingRegion()
    {
        var options = new SigV4VerifierOptions { AllowAnyRegion = false, AllowedRegions = new HashSet<string> { "us-east-1", "" } };

        SigV4VerificationResult wrong = await Verifier(options).VerifyAsync(Get(SignedGet(region: "eu-west-3")));
        SigV4VerificationResult empty = await Verifier(options).VerifyAsync(Get(SignedGet(region: "")));

        Assert.That(wrong.Error?.AwsCode, Is.EqualTo("AuthorizationHeaderMalformed"));
        Assert.That(wrong.Error?.Message, Does.Contain("'eu-west-3'"));
        Assert.That(empty.IsSuccess, Is.True, "the empty region was allowed explicitly");
    }

    [TestCase(SigV4ErrorCode.InvalidAccessKeyId, "s3", "InvalidAccessKeyId", 403)]
    [TestCase(SigV4ErrorCode.InvalidAccessKeyId, "sts", "InvalidClientTokenId", 403)]
    [TestCase(SigV4ErrorCode.InvalidAccessKeyId, "iam", "InvalidClientTokenId", 403)]
    [TestCase(SigV4ErrorCode.InvalidToken, "s3", "InvalidToken", 400)]
    [TestCase(SigV4ErrorCode.InvalidToken, "sts", "InvalidClientTokenId", 403)]
    [TestCase(SigV4ErrorCode.ExpiredToken, "s3", "ExpiredToken", 400)]
    [TestCase(SigV4ErrorCode.ExpiredToken, "sts", "ExpiredToken", 403)]
    [TestCase(SigV4ErrorCode.ExpiredToken, "iam", "ExpiredToken", 403)]
    public async Task VerifyAsync_ResolverFailure_IsSpelledPerServiceFamily(SigV4ErrorCode failure, string service, string awsCode, int status)
    {
        var resolver = new FailingResolver(failure);

        SigV4VerificationResult result = await Verifier(resolver: resolver).VerifyAsync(Get(SignedGet(service)));

        Assert.That(result.Error?.AwsCode, Is.EqualTo(awsCode));
        Assert.That(result.Error?.HttpStatus, Is.EqualTo(status));
    }

    [TestCase(SigV4ErrorCode.ExpiredToken, "sts", "The security token included in the request is expired")]
    [TestCase(SigV4ErrorCode.ExpiredToken, "iam", "The security token included in the request is expired")]
    [TestCase(SigV4ErrorCode.InvalidToken, "sts", "The security token included in the request is invalid.")]
    [TestCase(SigV4ErrorCode.ExpiredToken, "s3", "resolver says no")]
    [TestCase(SigV4ErrorCode.InvalidAccessKeyId, "sts", "resolver says no")]
    public async Task VerifyAsync_RefusedSessionToken_IsWordedAsTheServiceWordsIt(SigV4ErrorCode failure, string service, string message)
    {
        SigV4VerificationResult result = await Verifier(resolver: new FailingResolver(failure)).VerifyAsync(Get(SignedGet(service)));

        Assert.That(result.Error?.Message, Is.EqualTo(message));
    }

    [Test]
    public async Task VerifyAsync_SessionTokenHeader_IsPassedToResolver()
    {
        var headers = SignedGet(extra: ("X-Amz-Security-Token", "session-token-1"));

        SigV4VerificationResult good = await Verifier(resolver: TestSigner.Resolver("session-token-1")).VerifyAsync(Get(headers));
        SigV4VerificationResult bad = await Verifier(resolver: TestSigner.Resolver("another-token")).VerifyAsync(Get(headers));

        Assert.That(good.IsSuccess, Is.True, () => good.Error?.ToString() ?? "");
        Assert.That(good.SessionToken, Is.EqualTo("session-token-1"));
        Assert.That(bad.Error?.AwsCode, Is.EqualTo("InvalidToken"));
    }

    [TestCase("x-amz-content-sha256", "not-a-hash", SigV4ErrorCode.InvalidArgument, TestName = "VerifyAsync_UnknownPayloadLiteral_ReturnsInvalidArgument")]
    [TestCase("x-amz-content-sha256", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", SigV4ErrorCode.InvalidArgument, TestName = "VerifyAsync_UpperCasePayloadHash_ReturnsInvalidArgument")]
    [TestCase("x-amz-content-sha256", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", SigV4ErrorCode.InvalidArgument, TestName = "VerifyAsync_EcdsaStreamingWithHmacSignature_ReturnsInvalidArgument")]
    public async Task VerifyAsync_BadPayloadHashHeader_ReturnsCode(string name, string value, SigV4ErrorCode code)
    {
        var signer = new TestSigner(Now);
        var headers = new List<KeyValuePair<string, string>> { new("Host", "h"), new(name, value) };
        signer.SignHeaders("GET", "/key", "", headers, value);

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(code));
    }

    [Test]
    public async Task VerifyAsync_S3WithoutPayloadHashHeader_ReturnsInvalidRequest()
    {
        var signer = new TestSigner(Now);
        var headers = new List<KeyValuePair<string, string>> { new("Host", "h") };
        signer.SignHeaders("GET", "/key", "", headers, S3Example.EmptyHash);

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.InvalidRequest));
        Assert.That(result.Error?.Message, Does.Contain("x-amz-content-sha256"));
    }

    [Test]
    public async Task VerifyAsync_DuplicateAuthorizationHeader_ReturnsInvalidArgument()
    {
        var headers = SignedGet();
        headers.Add(headers.Find(h => h.Key == "Authorization"));

        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(headers));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.InvalidArgument));
    }

    [Test]
    public async Task VerifyAsync_HeaderAndQueryAuthentication_ReturnsInvalidArgument()
    {
        SigV4VerificationResult result = await Verifier().VerifyAsync(Get(SignedGet(), query: "X-Amz-Algorithm=AWS4-HMAC-SHA256"));

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.InvalidArgument));
        Assert.That(result.Error?.Message, Does.Contain("Only one auth mechanism"));
    }

    private sealed class FailingResolver(SigV4ErrorCode code) : ICredentialResolver
    {
        public ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken) =>
            ValueTask.FromResult(SigV4CredentialResult.Fail(code, "resolver says no"));
    }
}
