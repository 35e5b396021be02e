using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Sts.Core.WebIdentity;

/// <summary>
/// The payload of a web identity token, read in one strict pass with <see cref="Utf8JsonReader"/>: the
/// claims the validator checks come out typed (or with the JSON kind they wrongly had), every other
/// claim is walked and checked but kept only as bytes; the payload is also the map of every claim by
/// name (in token order), built from those bytes on first use. Refused: anything but one JSON object,
/// a repeated claim name (after unescaping), nesting deeper than 16, a string or name that is not
/// valid UTF-8 or holds a lone surrogate escape.
/// </summary>
internal sealed class JwtPayload : IReadOnlyDictionary<string, JsonElement>
{
    internal const int MaxDepth = 16;

    /// <summary>Up to this many claim names are checked for repeats pairwise; beyond it, with a hash set.</summary>
    private const int PairwiseNameLimit = 32;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    private JwtPayload(byte[] json) => Json = json;

    /// <summary>The decoded payload (UTF-8 JSON), owned by this instance.</summary>
    internal byte[] Json { get; }

    /// <summary><c>iss</c> when it is a string, else null (absent or another kind).</summary>
    internal string? Issuer { get; private set; }

    /// <summary><c>sub</c> when it is a string, else null.</summary>
    internal string? Subject { get; private set; }

    /// <summary><c>aud</c> as a string or an array of strings (empty when absent); null when it has another shape.</summary>
    internal string[]? Audiences { get; private set; } = [];

    /// <summary><c>amr</c>, as <see cref="Audiences"/>.</summary>
    internal string[]? AuthenticationMethods { get; private set; } = [];

    internal StringClaim AuthorizedParty { get; private set; }

    internal StringClaim ClientId { get; private set; }

    internal EpochClaim ExpiresAt { get; private set; }

    internal EpochClaim NotBefore { get; private set; }

    internal EpochClaim IssuedAt { get; private set; }

    internal StringClaim SourceIdentity { get; private set; }

    /// <summary>The kind of the <c>https://aws.amazon.com/tags</c> claim (<see cref="JsonValueKind.Undefined"/> when absent).</summary>
    internal JsonValueKind TagsKind { get; private set; }

    /// <summary>The bytes of the tags claim's value within <see cref="Json"/> (empty when absent).</summary>
    internal ReadOnlyMemory<byte> TagsJson => Json.AsMemory(_tagsStart, _tagsLength);

    /// <inheritdoc />
    public int Count => Claims.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => Claims.Keys;

    /// <inheritdoc />
    public IEnumerable<JsonElement> Values => Claims.Values;

    /// <summary>Every claim by name, in token order: built from <see cref="Json"/> on first use (the checks above never need it).</summary>
    private Dictionary<string, JsonElement> Claims => _claims ?? Interlocked.CompareExchange(ref _claims, BuildClaims(), null) ?? _claims!;

    /// <inheritdoc />
    public JsonElement this[string key] => Claims[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => Claims.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => Claims.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Claims.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int _tagsStart;
    private int _tagsLength;
    private Dictionary<string, JsonElement>? _claims;

    /// <summary>Reads a decoded payload, which the result then owns.</summary>
    internal static StsResult<JwtPayload> Read(byte[] json)
    {
        var payload = new JwtPayload(json);
        string? repeated;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // As a parser of any JSON value would: invalid JSON first, then the wrong kind of value.
                SkipValue(ref reader);
                reader.Read();
                return WebIdentityErrors.Invalid("The web identity token payload is not a JSON object");
            }

            repeated = payload.ReadClaims(ref reader);
            if (reader.Read())
            {
                return WebIdentityErrors.Invalid("The web identity token payload is not valid JSON");
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that cannot be decoded (bad UTF-8, lone surrogate escape).
            return WebIdentityErrors.Invalid("The web identity token payload is not valid JSON");
        }

        return repeated is null
            ? payload
            : WebIdentityErrors.Invalid($"The web identity token payload repeats the claim {WebIdentityErrors.Quote(repeated)}");
    }

    /// <summary>Reads the claims of the top-level object; returns the first repeated claim name, if any.</summary>
    private string? ReadClaims(ref Utf8JsonReader reader)
    {
        var names = new ClaimNames(Json.Length);
        try
        {
            string? repeated = null;
            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return repeated;
                }

                if (!names.Add(ref reader, out var name) && repeated is null)
                {
                    repeated = Encoding.UTF8.GetString(name);
                }

                var claim = Identify(name);
                reader.Read();
                ReadClaim(claim, ref reader);
            }
        }
        finally
        {
            names.Dispose();
        }
    }

    /// <summary>Which claim an (unescaped) name is: by length first, then by its bytes.</summary>
    private static KnownClaim Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 => name.SequenceEqual("iss"u8) ? KnownClaim.Issuer
            : name.SequenceEqual("sub"u8) ? KnownClaim.Subject
            : name.SequenceEqual("aud"u8) ? KnownClaim.Audience
            : name.SequenceEqual("exp"u8) ? KnownClaim.ExpiresAt
            : name.SequenceEqual("iat"u8) ? KnownClaim.IssuedAt
            : name.SequenceEqual("nbf"u8) ? KnownClaim.NotBefore
            : name.SequenceEqual("azp"u8) ? KnownClaim.AuthorizedParty
            : name.SequenceEqual("amr"u8) ? KnownClaim.AuthenticationMethods
            : KnownClaim.Other,
        9 when name.SequenceEqual("client_id"u8) => KnownClaim.ClientId,
        27 when name.SequenceEqual("https://aws.amazon.com/tags"u8) => KnownClaim.Tags,
        38 when name.SequenceEqual("https://aws.amazon.com/source_identity"u8) => KnownClaim.SourceIdentity,
        _ => KnownClaim.Other,
    };

    /// <summary>Reads one claim's value (<paramref name="reader"/> on its first token) into its typed field, or walks over it.</summary>
    private void ReadClaim(KnownClaim claim, ref Utf8JsonReader reader)
    {
        switch (claim)
        {
            case KnownClaim.Issuer:
                Issuer = ReadString(ref reader);
                break;
            case KnownClaim.Subject:
                Subject = ReadString(ref reader);
                break;
            case KnownClaim.Audience:
                Audiences = ReadStrings(ref reader);
                break;
            case KnownClaim.AuthenticationMethods:
                AuthenticationMethods = ReadStrings(ref reader);
                break;
            case KnownClaim.AuthorizedParty:
                AuthorizedParty = new StringClaim(Kind(reader.TokenType), ReadString(ref reader));
                break;
            case KnownClaim.ClientId:
                ClientId = new StringClaim(Kind(reader.TokenType), ReadString(ref reader));
                break;
            case KnownClaim.ExpiresAt:
                ExpiresAt = ReadEpoch(ref reader);
                break;
            case KnownClaim.NotBefore:
                NotBefore = ReadEpoch(ref reader);
                break;
            case KnownClaim.IssuedAt:
                IssuedAt = ReadEpoch(ref reader);
                break;
            case KnownClaim.SourceIdentity:
                SourceIdentity = new StringClaim(Kind(reader.TokenType), ReadString(ref reader));
                break;
            case KnownClaim.Tags:
                TagsKind = Kind(reader.TokenType);
                _tagsStart = (int)reader.TokenStartIndex;
                SkipValue(ref reader);
                _tagsLength = (int)reader.BytesConsumed - _tagsStart;
                break;
            default:
                SkipValue(ref reader);
                break;
        }
    }

    /// <summary>The value as a string when it is one (walked over otherwise).</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        SkipValue(ref reader);
        return null;
    }

    /// <summary>A string or an array of strings as an array; null for any other shape (walked over).</summary>
    private static string[]? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        return ReadStringArray(ref reader);
    }

    /// <summary>An array of strings; null for any other shape (walked over).</summary>
    internal static string[]? ReadStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            SkipValue(ref reader);
            return null;
        }

        // Count first on a copy of the reader, so the array is allocated once at its size.
        var probe = reader;
        var count = 0;
        var allStrings = true;
        while (probe.Read() && probe.TokenType != JsonTokenType.EndArray)
        {
            count++;
            allStrings &= probe.TokenType == JsonTokenType.String;
            probe.Skip();
        }

        if (!allStrings)
        {
            SkipValue(ref reader);
            return null;
        }

        var values = count == 0 ? [] : new string[count];
        for (var i = 0; i < count; i++)
        {
            reader.Read();
            values[i] = reader.GetString()!;
        }

        reader.Read();
        return values;
    }

    private static EpochClaim ReadEpoch(ref Utf8JsonReader reader)
    {
        // An integer JSON number in DateTimeOffset's range (AWS requires integer timestamps).
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253_402_300_799)
        {
            return new EpochClaim(EpochState.Valid, seconds);
        }

        SkipValue(ref reader);
        return new EpochClaim(EpochState.Invalid, 0);
    }

    /// <summary>
    /// Walks over the value <paramref name="reader"/> is on, checking that every string and property
    /// name in it decodes (the reader alone checks only the JSON grammar).
    /// </summary>
    internal static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            CheckDecodable(ref reader);
            return;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            CheckDecodable(ref reader);
        }
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> (as GetString would) when a string or name cannot be decoded.</summary>
    internal static void CheckDecodable(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return;
        }

        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                throw new InvalidOperationException("A JSON string is not valid UTF-8.");
            }

            return;
        }

        var length = reader.ValueSpan.Length;
        if (length <= 256)
        {
            reader.CopyString(stackalloc byte[256]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            reader.CopyString(rented);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static JsonValueKind Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    private Dictionary<string, JsonElement> BuildClaims()
    {
        // Read already proved the payload is one object of decodable, distinct claims within the depth limit.
        var reader = new Utf8JsonReader(Json, ReaderOptions);
        var payload = JsonElement.ParseValue(ref reader);
        var claims = new Dictionary<string, JsonElement>(payload.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var claim in payload.EnumerateObject())
        {
            claims.Add(claim.Name, claim.Value);
        }

        return claims;
    }

    /// <summary>A claim that should be a string: its JSON kind (<see cref="JsonValueKind.Undefined"/> when absent) and its value when it is one.</summary>
    internal readonly record struct StringClaim(JsonValueKind Kind, string? Value)
    {
        internal bool IsPresent => Kind != JsonValueKind.Undefined;
    }

    private enum KnownClaim
    {
        Other,
        Issuer,
        Subject,
        Audience,
        AuthenticationMethods,
        AuthorizedParty,
        ClientId,
        ExpiresAt,
        NotBefore,
        IssuedAt,
        SourceIdentity,
        Tags,
    }

    internal enum EpochState : byte
    {
        Absent,
        Invalid,
        Valid,
    }

    /// <summary>A timestamp claim: absent, present but not an integer in range, or its seconds since 1970.</summary>
    internal readonly record struct EpochClaim(EpochState State, long Seconds);

    /// <summary>
    /// The unescaped claim names seen so far, to find a repeated one: the first
    /// <see cref="PairwiseNameLimit"/> compared pairwise in pooled buffers, any further ones through a
    /// hash set (so a payload of thousands of tiny claims stays linear).
    /// </summary>
    private struct ClaimNames
    {
        private readonly byte[] _text;
        private readonly int[] _spans;
        private int _count;
        private int _used;
        private HashSet<string>? _set;

        /// <param name="capacity">The payload's length, which bounds the total length of its unescaped names.</param>
        internal ClaimNames(int capacity)
        {
            _text = ArrayPool<byte>.Shared.Rent(capacity);
            _spans = ArrayPool<int>.Shared.Rent(PairwiseNameLimit * 2);
        }

        /// <summary>Adds the name <paramref name="reader"/> is on (<paramref name="name"/>: unescaped); false when it was seen before.</summary>
        internal bool Add(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
        {
            CheckDecodable(ref reader);
            var start = _used;
            var length = reader.ValueIsEscaped ? reader.CopyString(_text.AsSpan(start)) : Copy(reader.ValueSpan, _text.AsSpan(start));
            _used += length;
            name = _text.AsSpan(start, length);
            if (_count < PairwiseNameLimit)
            {
                for (var i = 0; i < _count; i++)
                {
                    if (_text.AsSpan(_spans[2 * i], _spans[(2 * i) + 1]).SequenceEqual(name))
                    {
                        return false;
                    }
                }

                _spans[2 * _count] = start;
                _spans[(2 * _count) + 1] = length;
                _count++;
                return true;
            }

            if (_set is null)
            {
                _set = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < _count; i++)
                {
                    _set.Add(Encoding.UTF8.GetString(_text.AsSpan(_spans[2 * i], _spans[(2 * i) + 1])));
                }
            }

            return _set.Add(Encoding.UTF8.GetString(name));
        }

        internal readonly void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_text);
            ArrayPool<int>.Shared.Return(_spans);
        }

        private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            source.CopyTo(destination);
            return source.Length;
        }
    }
}
