using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Sts.Policy;

/// <summary>
/// Parses and validates IAM JSON policy text into an immutable <see cref="PolicyDocument"/>. Never throws
/// for bad input: every problem is a <see cref="PolicyFinding"/> with AWS's error code and, where AWS has
/// one, AWS's message (a short precise reason follows AWS's generic "Syntax errors in policy.").
/// Size and character limits are checked before any parsing; JSON nesting is capped at
/// <see cref="PolicyLimits.MaxDepth"/>.
/// </summary>
/// <remarks>
/// Error codes: <c>MalformedPolicyDocument</c> (identity, trust, session) or <c>MalformedPolicy</c>
/// (resource policies, as S3 answers) for documents AWS refuses; <c>LimitExceeded</c> for identity and
/// trust quotas; <c>ValidationError</c> for the API's own length and character constraints.
/// </remarks>
public static class PolicyParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses and validates a policy of the given kind.</summary>
    /// <param name="text">The policy text as submitted.</param>
    /// <param name="kind">Where the policy is used; the kinds differ in what they may contain.</param>
    /// <param name="options">Limits and the syntax-only switch; <see cref="PolicyParserOptions.Default"/> when null.</param>
    /// <returns>The document and its warnings, or the errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> has a limit out of range.</exception>
    public static PolicyParseResult Parse(string text, PolicyKind kind, PolicyParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= PolicyParserOptions.Default;
        options.Validate();

        if (CheckLimits(text, kind, options) is { } limit)
        {
            return limit;
        }

        if (text.Length < 256)
        {
            Span<byte> small = stackalloc byte[768];
            return EncodeAndParse(text, small, kind, options);
        }

        var rented = ArrayPool<byte>.Shared.Rent(text.Length * 3);
        try
        {
            return EncodeAndParse(text, rented, kind, options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses and validates a policy given as UTF-8 bytes (a leading byte order mark is ignored).</summary>
    /// <param name="utf8">The policy as UTF-8.</param>
    /// <param name="kind">Where the policy is used.</param>
    /// <param name="options">Limits and the syntax-only switch; <see cref="PolicyParserOptions.Default"/> when null.</param>
    /// <returns>The document and its warnings, or the errors (invalid UTF-8 is a syntax error).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> has a limit out of range.</exception>
    public static PolicyParseResult Parse(ReadOnlySpan<byte> utf8, PolicyKind kind, PolicyParserOptions? options = null)
    {
        options ??= PolicyParserOptions.Default;
        options.Validate();
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        // A character takes at most three UTF-8 bytes (a surrogate pair, two characters, takes four).
        if (utf8.Length > PolicyLimits.MaxDocumentLength * 3)
        {
            return Fail(PolicyMessages.ValidationError, TooLongForModel(kind));
        }

        if (!Utf8.IsValid(utf8))
        {
            return Fail(ErrorCode(kind), PolicyMessages.Syntax($"The document is not valid UTF-8 (byte offset {FirstInvalidByte(utf8)})."));
        }

        var text = Encoding.UTF8.GetString(utf8);
        if (CheckLimits(text, kind, options) is { } limit)
        {
            return limit;
        }

        return ParseUtf8(text, utf8, kind, options);
    }

    /// <summary>
    /// Parses a policy checking only its syntax (<see cref="PolicyParserOptions.SyntaxOnly"/>), as the policy
    /// simulator does: any version, any kind's elements.
    /// </summary>
    /// <param name="text">The policy text.</param>
    /// <returns>The document, or the syntax errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static PolicyParseResult ParseLenient(string text) => Parse(text, PolicyKind.Identity, SyntaxOnlyOptions);

    private static readonly PolicyParserOptions SyntaxOnlyOptions = new() { SyntaxOnly = true };

    private static PolicyParseResult EncodeAndParse(string text, Span<byte> buffer, PolicyKind kind, PolicyParserOptions options)
    {
        int length;
        try
        {
            length = StrictUtf8.GetBytes(text, buffer);
        }
        catch (EncoderFallbackException)
        {
            return Fail(ErrorCode(kind), PolicyMessages.Syntax("The text contains an unpaired UTF-16 surrogate."));
        }

        return ParseUtf8(text, buffer[..length], kind, options);
    }

    private static PolicyParseResult ParseUtf8(string text, ReadOnlySpan<byte> utf8, PolicyKind kind, PolicyParserOptions options)
    {
        var session = ParseSession.Rent();
        try
        {
            session.ErrorCode = ErrorCode(kind);
            var reader = new PolicyJsonReader(utf8, session, options.SyntaxOnly);
            if (!reader.ReadDocument())
            {
                return PolicyParseResult.Failure(session.Findings());
            }

            var statements = ImmutableArray.Create(CollectionsMarshal.AsSpan(session.Statements));
            if (!options.SyntaxOnly)
            {
                PolicyRules.Check(session, kind, reader.Version, statements, options.IgnorePrincipalInIdentityPolicies);
            }

            var findings = session.Findings();
            if (session.HasErrors)
            {
                return PolicyParseResult.Failure(findings);
            }

            var version = reader.HasVersion ? reader.Version : PolicyVersion.Unspecified;
            return PolicyParseResult.Success(new PolicyDocument(text, kind, version, reader.Id, statements), findings);
        }
        finally
        {
            ParseSession.Return(session);
        }
    }

    /// <summary>The checks made before parsing: the absolute cap, the kind's size quota, the allowed characters.</summary>
    private static PolicyParseResult? CheckLimits(string text, PolicyKind kind, PolicyParserOptions options)
    {
        if (text.Length > PolicyLimits.MaxDocumentLength)
        {
            return Fail(PolicyMessages.ValidationError, TooLongForModel(kind));
        }

        if (text.Length == 0)
        {
            return Fail(PolicyMessages.ValidationError, $"1 validation error detected: Value at '{ParameterName(kind)}' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        if (options.SyntaxOnly)
        {
            return null;
        }

        switch (kind)
        {
            case PolicyKind.Identity when CountWithoutWhitespace(text) is var size && size > options.MaxIdentityPolicyLength:
                return Fail(PolicyMessages.LimitExceeded, $"Cannot exceed quota for PolicySize: {options.MaxIdentityPolicyLength} (the policy has {size} characters without whitespace).");
            case PolicyKind.Trust when CountWithoutWhitespace(text) is var size && size > options.MaxTrustPolicyLength:
                return Fail(PolicyMessages.LimitExceeded, $"Cannot exceed quota for ACLSizePerRole: {options.MaxTrustPolicyLength} (the policy has {size} characters without whitespace).");
            case PolicyKind.Session when text.Length > PolicyLimits.SessionPolicyLength:
                return Fail(PolicyMessages.ValidationError, $"1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to {PolicyLimits.SessionPolicyLength} (it has {text.Length}).");
            case PolicyKind.Resource when Encoding.UTF8.GetByteCount(text) is var bytes && bytes > PolicyLimits.ResourcePolicyBytes:
                return Fail(PolicyMessages.MalformedPolicy, $"Policy exceeds the maximum allowed document size ({bytes} bytes; the limit is 20 KB).");
        }

        if (kind != PolicyKind.Resource)
        {
            var bad = IndexOfDisallowedCharacter(text);
            if (bad >= 0)
            {
                var line = text.AsSpan(0, bad).Count('\n') + 1;
                return Fail(PolicyMessages.ValidationError, $"1 validation error detected: Value at '{ParameterName(kind)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+ (character U+{(int)text[bad]:X4} at line {line}).");
            }
        }

        return null;
    }

    /// <summary>The first character outside AWS's <c>[\u0009\u000A\u000D\u0020-\u00FF]</c>, or -1 (vectorized range scan).</summary>
    private static int IndexOfDisallowedCharacter(string text)
    {
        var offset = 0;
        while (true)
        {
            var found = text.AsSpan(offset).IndexOfAnyExceptInRange((char)0x20, (char)0xFF);
            if (found < 0)
            {
                return -1;
            }

            offset += found;
            if (text[offset] is not ('\t' or '\n' or '\r'))
            {
                return offset;
            }

            offset++;
        }
    }

    private static int CountWithoutWhitespace(string text)
    {
        var span = text.AsSpan();
        return span.Length - span.Count(' ') - span.Count('\n') - span.Count('\r') - span.Count('\t');
    }

    private static string TooLongForModel(PolicyKind kind) =>
        $"1 validation error detected: Value at '{ParameterName(kind)}' failed to satisfy constraint: Member must have length less than or equal to {PolicyLimits.MaxDocumentLength}";

    private static string ParameterName(PolicyKind kind) => kind switch
    {
        PolicyKind.Trust => "assumeRolePolicyDocument",
        PolicyKind.Session => "policy",
        _ => "policyDocument",
    };

    private static string ErrorCode(PolicyKind kind) =>
        kind == PolicyKind.Resource ? PolicyMessages.MalformedPolicy : PolicyMessages.MalformedPolicyDocument;

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static PolicyParseResult Fail(string code, string message) =>
        PolicyParseResult.Failure([new PolicyFinding(PolicyFindingSeverity.Error, code, message)]);
}
