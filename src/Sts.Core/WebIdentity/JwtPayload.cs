using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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
        // One check of the whole payload makes every unescaped string and name in it valid UTF-8 (JSON's quotes are
        // ASCII, so no multi-byte sequence spans one); escaped ones are still decoded one by one (CheckDecodable).
        if (!Utf8.IsValid(json))
        {
            return WebIdentityErrors.Invalid("The web identity token payload is not valid JSON");
        }

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
        var names = new ClaimNames(Json);
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

        // One pass: the strings are kept (the first few in a stack buffer, so the result is allocated once at its
        // size); after an element of another kind, the rest is only walked over and checked.
        var first = default(FewStrings);
        List<string>? more = null;
        var count = 0;
        var allStrings = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (allStrings && reader.TokenType == JsonTokenType.String)
            {
                var value = reader.GetString()!;
                if (count < FewStrings.Length)
                {
                    first[count] = value;
                }
                else
                {
                    (more ??= []).Add(value);
                }

                count++;
            }
            else
            {
                allStrings = false;
                SkipValue(ref reader);
            }
        }

        if (!allStrings)
        {
            return null;
        }

        if (count == 0)
        {
            return [];
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = i < FewStrings.Length ? first[i]! : more![i - FewStrings.Length];
        }

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

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> (as GetString would) when a string or name cannot be decoded:
    /// an escaped one that holds a lone surrogate escape. (Unescaped ones are valid: <see cref="Read"/> checked
    /// the whole payload is UTF-8, and every reader here reads that payload.)
    /// </summary>
    internal static void CheckDecodable(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
        {
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

    /// <summary>The first strings of an array being read, kept on the stack.</summary>
    [InlineArray(Length)]
    private struct FewStrings
    {
        internal const int Length = 4;

        private string? _element;
    }

    /// <summary>
    /// The unescaped claim names seen so far, to find a repeated one: the first
    /// <see cref="PairwiseNameLimit"/> compared pairwise (an unescaped name where it stands in the payload, an
    /// escaped one decoded into a pooled buffer), any further ones through a hash set (so a payload of thousands
    /// of tiny claims stays linear).
    /// </summary>
    private ref struct ClaimNames
    {
        private readonly ReadOnlySpan<byte> _json;

        /// <summary>
        /// (start, length, fingerprint) of each name: in the payload when start is not negative, else at ~start in
        /// <see cref="_escaped"/>; equal names have equal fingerprints, so most pairs differ without comparing bytes.
        /// </summary>
        private NameSpans _spans;
        private byte[]? _escaped;
        private int _escapedUsed;
        private int _count;
        private HashSet<string>? _set;

        /// <param name="json">The payload the reader reads.</param>
        internal ClaimNames(ReadOnlySpan<byte> json) => _json = json;

        /// <summary>Adds the name <paramref name="reader"/> is on (<paramref name="name"/>: unescaped); false when it was seen before.</summary>
        internal bool Add(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
        {
            CheckDecodable(ref reader);
            int start;
            int length;
            if (!reader.ValueIsEscaped)
            {
                // A property name's token starts at its opening quote.
                start = (int)reader.TokenStartIndex + 1;
                length = reader.ValueSpan.Length;
                name = _json.Slice(start, length);
            }
            else
            {
                // The payload's length bounds the total length of its unescaped names.
                _escaped ??= ArrayPool<byte>.Shared.Rent(_json.Length);
                length = reader.CopyString(_escaped.AsSpan(_escapedUsed));
                name = _escaped.AsSpan(_escapedUsed, length);
                start = ~_escapedUsed;
                _escapedUsed += length;
            }

            if (_count < PairwiseNameLimit)
            {
                var fingerprint = Fingerprint(name);
                for (var i = 0; i < _count; i++)
                {
                    if (_spans[(3 * i) + 2] == fingerprint && Name(i).SequenceEqual(name))
                    {
                        return false;
                    }
                }

                _spans[3 * _count] = start;
                _spans[(3 * _count) + 1] = length;
                _spans[(3 * _count) + 2] = fingerprint;
                _count++;
                return true;
            }

            if (_set is null)
            {
                _set = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < _count; i++)
                {
                    _set.Add(Encoding.UTF8.GetString(Name(i)));
                }
            }

            return _set.Add(Encoding.UTF8.GetString(name));
        }

        internal readonly void Dispose()
        {
            if (_escaped is not null)
            {
                ArrayPool<byte>.Shared.Return(_escaped);
            }
        }

        /// <summary>The length and the first, middle and last bytes of a name.</summary>
        private static int Fingerprint(ReadOnlySpan<byte> name) =>
            name.IsEmpty ? 0 : (name.Length << 24) ^ (name[0] << 16) ^ (name[name.Length / 2] << 8) ^ name[^1];

        private readonly ReadOnlySpan<byte> Name(int index)
        {
            var start = _spans[3 * index];
            var length = _spans[(3 * index) + 1];
            return start >= 0 ? _json.Slice(start, length) : _escaped.AsSpan(~start, length);
        }

        /// <summary>Room for <see cref="PairwiseNameLimit"/> (start, length, fingerprint) triples, inside the struct.</summary>
        [InlineArray(PairwiseNameLimit * 3)]
        private struct NameSpans
        {
            private int _element;
        }
    }
}
