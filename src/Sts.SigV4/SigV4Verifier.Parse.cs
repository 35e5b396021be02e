using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sts.SigV4;

/// <summary>Parsing and every check that comes before the credential lookup and the cryptography.</summary>
public sealed partial class SigV4Verifier
{
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>RFC 9110 token characters without upper-case letters: what a signed header name may contain.</summary>
    private static readonly SearchValues<char> LowerTokenCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~");

    /// <summary><see cref="LowerTokenCharacters"/> and the <c>;</c> between names.</summary>
    private static readonly SearchValues<char> SignedHeaderListCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~;");

    private SigV4Error? Prepare(SigV4Request request, out Pending pending)
    {
        pending = default;
        SigV4ServiceFamily family = _options.DefaultFamily;
        ReadOnlySpan<KeyValuePair<string, string>> headers = Canonicalizer.AsSpan(request.Headers);
        string rawQuery = request.RawQuery ?? string.Empty;

        // Limits first.
        if (request.RawPath.Length + rawQuery.Length > _options.MaxRequestTargetBytes)
        {
            return new SigV4Error(SigV4ErrorCode.RequestHeaderSectionTooLarge, family, $"The request target is longer than {_options.MaxRequestTargetBytes} characters.");
        }

        long headerBytes = 0;
        int count = headers.Length;
        // Inline arrays rather than stackalloc: a method with stackalloc and loops is compiled once, without profile-guided tiering.
        var slotStorage = default(Ints8);
        Span<int> slots = slotStorage;
        slots.Fill(-1);
        for (int i = 0; i < count; i++)
        {
            KeyValuePair<string, string> header = headers[i];
            headerBytes += header.Key.Length + (header.Value?.Length ?? 0) + 4;
            if (headerBytes > _options.MaxHeaderBytes)
            {
                return new SigV4Error(SigV4ErrorCode.RequestHeaderSectionTooLarge, family, $"The request headers are larger than {_options.MaxHeaderBytes} bytes.");
            }

            if (header.Value is null)
            {
                return new SigV4Error(SigV4ErrorCode.InvalidRequest, family, $"The header '{SigV4Crypto.Truncate(header.Key)}' has no value.");
            }

            int slot = KnownHeaderSlot(header.Key);
            if (slot < 0)
            {
                continue;
            }

            if (slots[slot] >= 0)
            {
                return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, $"The header '{SigV4Crypto.Truncate(header.Key)}' appears more than once.");
            }

            slots[slot] = i;
        }

        int authorization = slots[0];
        int amzDate = slots[1];
        int date = slots[2];
        int contentSha = slots[3];
        int token = slots[4];
        int regionSet = slots[5];
        int decodedLength = slots[6];
        int trailer = slots[7];

        // Parameter names are matched exactly, so a query without "X-Amz-" carries none of them.
        bool queryAuth = rawQuery.Contains("X-Amz-", StringComparison.Ordinal)
            && (QueryParameters.Find(rawQuery, "X-Amz-Algorithm", out _) > 0
                || QueryParameters.Find(rawQuery, "X-Amz-Credential", out _) > 0
                || QueryParameters.Find(rawQuery, "X-Amz-Signature", out _) > 0);
        if (authorization < 0 && !queryAuth)
        {
            return new SigV4Error(SigV4ErrorCode.MissingAuthenticationToken, family, "The request carries neither an Authorization header nor presigned query parameters.");
        }

        if (authorization >= 0 && queryAuth)
        {
            return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, "Only one auth mechanism allowed; the request has both an Authorization header and X-Amz-Algorithm query parameters.");
        }

        SigV4Error? error = authorization >= 0
            ? ParseAuthorizationHeader(headers[authorization].Value, ref pending, family)
            : ParseQueryAuthorization(rawQuery, ref pending, family);
        if (error is not null)
        {
            return error;
        }

        family = pending.Service.Family;
        SigV4ErrorCode malformed = pending.AuthType == SigV4AuthType.Header ? SigV4ErrorCode.AuthorizationHeaderMalformed : SigV4ErrorCode.AuthorizationQueryParametersError;

        // Time.
        bool timeFromDateHeader = false;
        if (pending.AuthType == SigV4AuthType.Header)
        {
            if (amzDate >= 0)
            {
                if (!SigV4Crypto.TryParseAmzDate(headers[amzDate].Value, out pending.Time))
                {
                    return new SigV4Error(SigV4ErrorCode.AccessDenied, family, $"X-Amz-Date '{SigV4Crypto.Truncate(headers[amzDate].Value)}' is not of the form yyyyMMddTHHmmssZ.");
                }
            }
            else if (date >= 0)
            {
                if (!DateTimeOffset.TryParseExact(headers[date].Value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out pending.Time))
                {
                    return new SigV4Error(SigV4ErrorCode.AccessDenied, family, $"The Date header '{SigV4Crypto.Truncate(headers[date].Value)}' is not an RFC 1123 date.");
                }

                timeFromDateHeader = true;
            }
            else
            {
                return new SigV4Error(SigV4ErrorCode.AccessDenied, family, "AWS authentication requires a valid Date or x-amz-date header.");
            }
        }

        ReadOnlySpan<char> credential = pending.Source.AsSpan(pending.CredentialStart, pending.CredentialLength);
        ReadOnlySpan<char> scopeDate = credential.Slice(pending.AccessKeyIdLength + 1, 8);

        // A strictly parsed X-Amz-Date starts with the very yyyyMMdd it formats to, so its text is compared as it is.
        bool scopeDateMatches = pending.AuthType == SigV4AuthType.Header && amzDate >= 0
            ? scopeDate.SequenceEqual(headers[amzDate].Value.AsSpan(0, 8))
            : SigV4Crypto.ScopeDateMatches(scopeDate, pending.Time);
        if (!scopeDateMatches)
        {
            return new SigV4Error(malformed, family, $"Date in Credential scope '{SigV4Crypto.Truncate(scopeDate)}' does not match the date of the request time.");
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (pending.AuthType == SigV4AuthType.Header)
        {
            if ((now - pending.Time).Duration() > _options.MaxClockSkew)
            {
                string message = family == SigV4ServiceFamily.S3
                    ? "The difference between the request time and the current time is too large."
                    : $"Signature expired: the request time is more than {_options.MaxClockSkew.TotalMinutes:0} minutes from the server time.";
                return new SigV4Error(SigV4ErrorCode.RequestTimeTooSkewed, family, message);
            }
        }
        else
        {
            ReadOnlySpan<char> expires = rawQuery.AsSpan()[ExpiresRange(rawQuery)];
            if (!int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 1 || seconds > 604800)
            {
                return new SigV4Error(SigV4ErrorCode.AuthorizationQueryParametersError, family, $"X-Amz-Expires '{SigV4Crypto.Truncate(expires)}' must be a number of seconds from 1 to 604800.");
            }

            if (now > pending.Time.AddSeconds(seconds))
            {
                return new SigV4Error(SigV4ErrorCode.AccessDenied, family, "Request has expired");
            }

            if (pending.Time - now > _options.MaxClockSkew)
            {
                return new SigV4Error(SigV4ErrorCode.AccessDenied, family, "Request is not valid yet");
            }
        }

        // Signed headers.
        ReadOnlySpan<char> signedHeaders = pending.Source.AsSpan(pending.SignedStart, pending.SignedLength);
        error = CheckSignedHeaderList(signedHeaders, malformed, family);
        if (error is not null)
        {
            return error;
        }

        if (timeFromDateHeader && !ListContains(signedHeaders, "date"))
        {
            return new SigV4Error(SigV4ErrorCode.AccessDenied, family, "The Date header carries the request time but is not signed.");
        }

        for (int i = 0; i < count; i++)
        {
            string name = headers[i].Key;
            bool mustSign = name.Length > 6 && (name[0] | 0x20) == 'x' && name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase) && !_exemptions.Contains(name);
            mustSign |= _requiredSigned.Contains(name);
            if (mustSign && !ListContains(signedHeaders, name))
            {
                return new SigV4Error(SigV4ErrorCode.AccessDenied, family, $"There were headers present in the request which were not signed: {SigV4Crypto.Truncate(name.ToLowerInvariant())}");
            }
        }

        // Signature text.
        ReadOnlySpan<char> signature = pending.Source.AsSpan(pending.SignatureStart, pending.SignatureLength);
        bool signatureShapeOk = pending.Algorithm == SigV4Algorithm.HmacSha256
            ? signature.Length == SigV4Crypto.HexHashSize && IsLowerHex(signature)
            : signature.Length is >= 16 and <= 144 && (signature.Length & 1) == 0 && IsLowerHex(signature);
        if (!signatureShapeOk)
        {
            return new SigV4Error(malformed, family, "The signature is not lower-case hex of the expected length.");
        }

        // SigV4A region set.
        if (pending.Algorithm == SigV4Algorithm.EcdsaP256Sha256)
        {
            if (pending.AuthType == SigV4AuthType.Header)
            {
                if (regionSet < 0 || !ListContains(signedHeaders, "x-amz-region-set"))
                {
                    return new SigV4Error(malformed, family, "SigV4A requires a signed X-Amz-Region-Set header.");
                }

                pending.RegionSet = headers[regionSet].Value.Trim();
            }

            if (!RegionSetAllowed(pending.RegionSet!))
            {
                return new SigV4Error(malformed, family, $"The region set '{SigV4Crypto.Truncate(pending.RegionSet)}' does not include this server's region.");
            }
        }

        // Session token.
        if (pending.AuthType == SigV4AuthType.Header && token >= 0)
        {
            pending.SessionToken = headers[token].Value;
        }

        return ParsePayload(request, headers, contentSha, decodedLength, trailer, ref pending, family);
    }

    private SigV4Error? ParsePayload(
        SigV4Request request,
        ReadOnlySpan<KeyValuePair<string, string>> headers,
        int contentSha,
        int decodedLength,
        int trailer,
        ref Pending pending,
        SigV4ServiceFamily family)
    {
        string? value = contentSha >= 0 ? headers[contentSha].Value.Trim() : null;
        if (value is null && pending.AuthType == SigV4AuthType.Query)
        {
            string rawQuery = request.RawQuery ?? string.Empty;
            int found = QueryParameters.Find(rawQuery, "X-Amz-Content-Sha256", out Range range);
            if (found > 1)
            {
                return new SigV4Error(SigV4ErrorCode.AuthorizationQueryParametersError, family, "X-Amz-Content-Sha256 appears more than once.");
            }

            if (found == 1)
            {
                value = QueryParameters.Decode(rawQuery.AsSpan()[range]);
            }
        }

        if (value is null)
        {
            if (family == SigV4ServiceFamily.S3)
            {
                if (pending.AuthType == SigV4AuthType.Header)
                {
                    return new SigV4Error(SigV4ErrorCode.InvalidRequest, family, "Missing required header for this request: x-amz-content-sha256");
                }

                pending.PayloadHash = "UNSIGNED-PAYLOAD";
                pending.PayloadMode = SigV4PayloadMode.UnsignedPayload;
                return null;
            }

            pending.PayloadMode = SigV4PayloadMode.SignedPayload;
            pending.PayloadHash = SigV4Crypto.EmptyHashHexString;
            pending.HashBodyHere = request.Body is not null;
            return null;
        }

        pending.PayloadHash = value;
        bool ecdsa = pending.Algorithm == SigV4Algorithm.EcdsaP256Sha256;
        switch (value)
        {
            case "UNSIGNED-PAYLOAD":
                pending.PayloadMode = SigV4PayloadMode.UnsignedPayload;
                return null;
            case "STREAMING-UNSIGNED-PAYLOAD-TRAILER":
                pending.PayloadMode = SigV4PayloadMode.StreamingUnsignedTrailer;
                break;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" when !ecdsa:
            case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD" when ecdsa:
                pending.PayloadMode = SigV4PayloadMode.StreamingSigned;
                break;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" when !ecdsa:
            case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER" when ecdsa:
                pending.PayloadMode = SigV4PayloadMode.StreamingSignedTrailer;
                break;
            default:
                if (value.Length == SigV4Crypto.HexHashSize && IsLowerHex(value))
                {
                    pending.PayloadMode = SigV4PayloadMode.SignedPayload;
                    return null;
                }

                return new SigV4Error(SigV4ErrorCode.InvalidArgument, family, $"x-amz-content-sha256 '{SigV4Crypto.Truncate(value)}' must be UNSIGNED-PAYLOAD, a STREAMING-* value matching the algorithm, or a lower-case hex SHA-256.");
        }

        if (decodedLength < 0 || !long.TryParse(headers[decodedLength].Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pending.DecodedLength))
        {
            return new SigV4Error(SigV4ErrorCode.InvalidRequest, family, "A streaming upload needs x-amz-decoded-content-length with a non-negative integer.");
        }

        if (pending.PayloadMode is SigV4PayloadMode.StreamingSignedTrailer or SigV4PayloadMode.StreamingUnsignedTrailer)
        {
            if (trailer < 0 || TrailingChecksum.TryCreate(headers[trailer].Value) is not { } probe)
            {
                return new SigV4Error(SigV4ErrorCode.InvalidRequest, family, "A trailer upload needs x-amz-trailer naming x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 or -sha256.");
            }

            probe.Dispose();
            pending.TrailerName = headers[trailer].Value;
        }

        return null;
    }

    private SigV4Error? ParseAuthorizationHeader(string value, ref Pending pending, SigV4ServiceFamily family)
    {
        const SigV4ErrorCode Malformed = SigV4ErrorCode.AuthorizationHeaderMalformed;
        ReadOnlySpan<char> text = value;
        int space = text.IndexOf(' ');
        if (space <= 0)
        {
            return new SigV4Error(Malformed, family, $"The Authorization header '{SigV4Crypto.Truncate(text, 24)}' has no algorithm and parameters.");
        }

        ReadOnlySpan<char> algorithm = text[..space];
        if (algorithm is HmacAlgorithm)
        {
            pending.Algorithm = SigV4Algorithm.HmacSha256;
        }
        else if (algorithm is EcdsaAlgorithm)
        {
            pending.Algorithm = SigV4Algorithm.EcdsaP256Sha256;
        }
        else
        {
            return new SigV4Error(Malformed, family, $"The authorization algorithm '{SigV4Crypto.Truncate(algorithm, 32)}' is not supported; expected AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256.");
        }

        pending.AuthType = SigV4AuthType.Header;
        pending.Source = value;
        var boundStorage = default(Ints8);
        Span<int> bounds = ((Span<int>)boundStorage)[..6];
        bounds.Fill(-1);
        int position = space + 1;
        while (position < text.Length)
        {
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }

            int comma = text[position..].IndexOf(',');
            int end = comma < 0 ? text.Length : position + comma;
            ReadOnlySpan<char> part = text[position..end].TrimEnd(' ');
            int equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return new SigV4Error(Malformed, family, $"The Authorization parameter '{SigV4Crypto.Truncate(part, 24)}' is not name=value.");
            }

            ReadOnlySpan<char> name = part[..equals];
            int index = name switch
            {
                "Credential" => 0,
                "SignedHeaders" => 2,
                "Signature" => 4,
                _ => -1,
            };
            if (index < 0)
            {
                return new SigV4Error(Malformed, family, $"The Authorization parameter '{SigV4Crypto.Truncate(name, 24)}' is unknown; expected Credential, SignedHeaders and Signature.");
            }

            if (bounds[index] >= 0)
            {
                return new SigV4Error(Malformed, family, $"The Authorization parameter '{name}' appears more than once.");
            }

            bounds[index] = position + equals + 1;
            bounds[index + 1] = position + part.Length;
            position = end + 1;
        }

        int credential = bounds[0], credentialEnd = bounds[1], signed = bounds[2], signedEnd = bounds[3], signature = bounds[4], signatureEnd = bounds[5];
        if (credential < 0 || signed < 0 || signature < 0)
        {
            string missing = credential < 0 ? "Credential" : signed < 0 ? "SignedHeaders" : "Signature";
            return new SigV4Error(SigV4ErrorCode.IncompleteSignature, family, $"Authorization header requires '{missing}' parameter.");
        }

        pending.CredentialStart = credential;
        pending.CredentialLength = credentialEnd - credential;
        pending.SignedStart = signed;
        pending.SignedLength = signedEnd - signed;
        pending.SignatureStart = signature;
        pending.SignatureLength = signatureEnd - signature;
        return ParseCredential(ref pending, Malformed, family);
    }

    private SigV4Error? ParseQueryAuthorization(string rawQuery, ref Pending pending, SigV4ServiceFamily family)
    {
        const SigV4ErrorCode Bad = SigV4ErrorCode.AuthorizationQueryParametersError;
        ReadOnlySpan<char> query = rawQuery;
        string[] names = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"];
        string[] values = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            int found = QueryParameters.Find(query, names[i], out Range range);
            if (found != 1)
            {
                return new SigV4Error(found == 0 ? SigV4ErrorCode.AuthorizationQueryParametersError : Bad, family, found == 0
                    ? $"Query-string authentication requires the {names[i]} parameter."
                    : $"The {names[i]} parameter appears more than once.");
            }

            values[i] = QueryParameters.Decode(query[range]);
        }

        if (values[0] is HmacAlgorithm)
        {
            pending.Algorithm = SigV4Algorithm.HmacSha256;
        }
        else if (values[0] is EcdsaAlgorithm)
        {
            pending.Algorithm = SigV4Algorithm.EcdsaP256Sha256;
            int found = QueryParameters.Find(query, "X-Amz-Region-Set", out Range regionRange);
            if (found != 1)
            {
                return new SigV4Error(Bad, family, "SigV4A query-string authentication requires exactly one X-Amz-Region-Set parameter.");
            }

            pending.RegionSet = QueryParameters.Decode(query[regionRange]).Trim();
        }
        else
        {
            return new SigV4Error(Bad, family, $"X-Amz-Algorithm '{SigV4Crypto.Truncate(values[0], 32)}' is not supported; expected AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256.");
        }

        if (!SigV4Crypto.TryParseAmzDate(values[2], out pending.Time))
        {
            return new SigV4Error(Bad, family, $"X-Amz-Date '{SigV4Crypto.Truncate(values[2])}' is not of the form yyyyMMddTHHmmssZ.");
        }

        int tokens = QueryParameters.Find(query, "X-Amz-Security-Token", out Range tokenRange);
        if (tokens > 1)
        {
            return new SigV4Error(Bad, family, "X-Amz-Security-Token appears more than once.");
        }

        if (tokens == 1)
        {
            pending.SessionToken = QueryParameters.Decode(query[tokenRange]);
        }

        pending.AuthType = SigV4AuthType.Query;
        pending.Source = string.Concat(values[1], "\n", values[4], "\n", values[5]);
        pending.CredentialStart = 0;
        pending.CredentialLength = values[1].Length;
        pending.SignedStart = values[1].Length + 1;
        pending.SignedLength = values[4].Length;
        pending.SignatureStart = pending.SignedStart + values[4].Length + 1;
        pending.SignatureLength = values[5].Length;
        return ParseCredential(ref pending, Bad, family);
    }

    private SigV4Error? ParseCredential(ref Pending pending, SigV4ErrorCode malformed, SigV4ServiceFamily family)
    {
        ReadOnlySpan<char> credential = pending.Source.AsSpan(pending.CredentialStart, pending.CredentialLength);
        if (credential.Length > MaxCredentialLength || pending.SignedLength > MaxSignedHeadersLength)
        {
            return new SigV4Error(malformed, family, "The Credential or SignedHeaders value is too long.");
        }

        int expectedParts = pending.Algorithm == SigV4Algorithm.HmacSha256 ? 5 : 4;
        var partStorage = default(Ranges6);
        Span<Range> parts = partStorage;
        int partCount = SplitOnSlash(credential, parts);
        if (partCount != expectedParts)
        {
            string shape = expectedParts == 5 ? "<access key>/<yyyyMMdd>/<region>/<service>/aws4_request" : "<access key>/<yyyyMMdd>/<service>/aws4_request";
            return new SigV4Error(malformed, family, $"The Credential '{SigV4Crypto.Truncate(credential)}' is not of the form {shape}.");
        }

        ReadOnlySpan<char> accessKeyId = credential[parts[0]];
        ReadOnlySpan<char> date = credential[parts[1]];
        ReadOnlySpan<char> service = credential[parts[expectedParts - 2]];
        ReadOnlySpan<char> terminator = credential[parts[expectedParts - 1]];
        if (accessKeyId.IsEmpty || date.Length != 8 || !IsDigits(date) || terminator is not ScopeTerminator)
        {
            return new SigV4Error(malformed, family, $"The Credential '{SigV4Crypto.Truncate(credential)}' is not of the form <access key>/<yyyyMMdd>/.../aws4_request.");
        }

        if (!_services.TryGetValue(service, out ServiceInfo? info))
        {
            return new SigV4Error(malformed, family, $"The Credential should be scoped to a valid service, not '{SigV4Crypto.Truncate(service)}'.");
        }

        pending.Service = info;
        pending.AccessKeyIdLength = accessKeyId.Length;
        if (pending.Algorithm == SigV4Algorithm.HmacSha256)
        {
            ReadOnlySpan<char> region = credential[parts[2]];
            if (!_options.AllowAnyRegion && !_regions.Contains(region))
            {
                return new SigV4Error(malformed, info.Family, $"The Credential should be scoped to a valid region, not '{SigV4Crypto.Truncate(region)}'.");
            }

            pending.RegionStart = pending.CredentialStart + parts[2].Start.Value;
            pending.RegionLength = region.Length;
        }

        return null;
    }

    /// <summary>As <see cref="MemoryExtensions.Split(ReadOnlySpan{char}, Span{Range}, char, StringSplitOptions)"/> with '/': the last range takes the rest when there are more parts than ranges.</summary>
    private static int SplitOnSlash(ReadOnlySpan<char> text, Span<Range> parts)
    {
        int count = 0;
        int start = 0;
        while (count < parts.Length - 1)
        {
            int slash = text[start..].IndexOf('/');
            if (slash < 0)
            {
                break;
            }

            parts[count++] = new Range(start, start + slash);
            start += slash + 1;
        }

        parts[count++] = new Range(start, text.Length);
        return count;
    }

    private static SigV4Error? CheckSignedHeaderList(ReadOnlySpan<char> list, SigV4ErrorCode malformed, SigV4ServiceFamily family)
    {
        if (list.IsEmpty)
        {
            return new SigV4Error(malformed, family, "SignedHeaders is empty; it must list at least host.");
        }

        // One vectorized pass for the alphabet, then one scalar pass over the names for emptiness and order;
        // a list with a bad character goes through the name-by-name check so the first fault is the one reported.
        if (list.IndexOfAnyExcept(SignedHeaderListCharacters) >= 0)
        {
            return CheckSignedHeaderNamesOneByOne(list, malformed, family);
        }

        ReadOnlySpan<char> previous = [];
        bool host = false;
        int start = 0;
        while (true)
        {
            int end = start;
            while (end < list.Length && list[end] != ';')
            {
                end++;
            }

            ReadOnlySpan<char> name = list[start..end];
            if (name.IsEmpty)
            {
                return NotLowerCaseNames(list, malformed, family);
            }

            if (start > 0 && name.SequenceCompareTo(previous) <= 0)
            {
                return new SigV4Error(malformed, family, $"SignedHeaders '{SigV4Crypto.Truncate(list)}' must be sorted and without repeats.");
            }

            host |= name is "host";
            previous = name;
            if (end == list.Length)
            {
                break;
            }

            start = end + 1;
        }

        if (!host)
        {
            return new SigV4Error(SigV4ErrorCode.AccessDenied, family, "The host header must be signed.");
        }

        return null;
    }

    private static SigV4Error NotLowerCaseNames(ReadOnlySpan<char> list, SigV4ErrorCode malformed, SigV4ServiceFamily family) =>
        new(malformed, family, $"SignedHeaders '{SigV4Crypto.Truncate(list)}' must be lower-case header names separated by ';'.");

    private static SigV4Error CheckSignedHeaderNamesOneByOne(ReadOnlySpan<char> list, SigV4ErrorCode malformed, SigV4ServiceFamily family)
    {
        ReadOnlySpan<char> previous = [];
        bool first = true;
        foreach (Range range in list.Split(';'))
        {
            ReadOnlySpan<char> name = list[range];
            if (name.IsEmpty || name.IndexOfAnyExcept(LowerTokenCharacters) >= 0)
            {
                return NotLowerCaseNames(list, malformed, family);
            }

            if (!first && name.SequenceCompareTo(previous) <= 0)
            {
                return new SigV4Error(malformed, family, $"SignedHeaders '{SigV4Crypto.Truncate(list)}' must be sorted and without repeats.");
            }

            previous = name;
            first = false;
        }

        // Only reached if the list had no bad character after all.
        return NotLowerCaseNames(list, malformed, family);
    }

    private bool RegionSetAllowed(string regionSet)
    {
        if (_options.AllowAnyRegion)
        {
            return regionSet.Length > 0;
        }

        foreach (Range range in regionSet.AsSpan().Split(','))
        {
            ReadOnlySpan<char> pattern = regionSet.AsSpan()[range].Trim();
            if (GlobMatches(pattern, _options.ServerRegion))
            {
                return true;
            }

            foreach (string allowed in _options.AllowedRegions)
            {
                if (GlobMatches(pattern, allowed))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool GlobMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(text);
        }

        ReadOnlySpan<char> head = pattern[..star];
        if (!text.StartsWith(head))
        {
            return false;
        }

        ReadOnlySpan<char> rest = pattern[(star + 1)..];
        for (int i = head.Length; i <= text.Length; i++)
        {
            if (GlobMatches(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }

    private static Range ExpiresRange(string rawQuery)
    {
        QueryParameters.Find(rawQuery, "X-Amz-Expires", out Range range);
        return range;
    }

    /// <summary>
    /// True when the <c>;</c>-separated <paramref name="list"/> holds <paramref name="name"/> (ignoring case). The list has
    /// passed <see cref="CheckSignedHeaderList"/>, so it is lower-case ASCII: an ASCII name is lower-cased once and found
    /// with one ordinal search; any other name is compared entry by entry.
    /// </summary>
    private static bool ListContains(ReadOnlySpan<char> list, ReadOnlySpan<char> name)
    {
        var storage = default(Chars64);
        Span<char> lower = storage;
        if (!name.IsEmpty && name.Length <= lower.Length && Ascii.ToLower(name, lower, out int written) == OperationStatus.Done)
        {
            ReadOnlySpan<char> needle = lower[..written];
            int offset = 0;
            while (offset <= list.Length - needle.Length)
            {
                int found = list[offset..].IndexOf(needle);
                if (found < 0)
                {
                    return false;
                }

                int at = offset + found;
                int end = at + needle.Length;
                if ((at == 0 || list[at - 1] == ';') && (end == list.Length || list[end] == ';'))
                {
                    return true;
                }

                offset = at + 1;
            }

            return false;
        }

        return ListContainsEntryByEntry(list, name);
    }

    private static bool ListContainsEntryByEntry(ReadOnlySpan<char> list, ReadOnlySpan<char> name)
    {
        int start = 0;
        while (start <= list.Length)
        {
            int end = start;
            while (end < list.Length && list[end] != ';')
            {
                end++;
            }

            if (end - start == name.Length && list[start..end].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            start = end + 1;
        }

        return false;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(LowerHexDigits) < 0;

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    private static int KnownHeaderSlot(string name)
    {
        if (name.Length < 4)
        {
            return -1;
        }

        return name.Length switch
        {
            13 when name.Equals("authorization", StringComparison.OrdinalIgnoreCase) => 0,
            10 when name.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase) => 1,
            4 when name.Equals("date", StringComparison.OrdinalIgnoreCase) => 2,
            20 when name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase) => 3,
            20 when name.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase) => 4,
            16 when name.Equals("x-amz-region-set", StringComparison.OrdinalIgnoreCase) => 5,
            28 when name.Equals("x-amz-decoded-content-length", StringComparison.OrdinalIgnoreCase) => 6,
            13 when name.Equals("x-amz-trailer", StringComparison.OrdinalIgnoreCase) => 7,
            _ => -1,
        };
    }

    [InlineArray(8)]
    private struct Ints8
    {
        private int _element;
    }

    [InlineArray(64)]
    private struct Chars64
    {
        private char _element;
    }

    [InlineArray(6)]
    private struct Ranges6
    {
        private Range _element;
    }
}
