using System.Collections.Immutable;
using System.IO.Compression;

namespace Sts.Core.Tokens;

/// <summary>
/// The compact binary encoding of a <see cref="SessionState"/> (the plaintext inside a sealed token).
/// <code>
/// kind:byte  flags:varint  accessKey:10 bytes  secret:30 bytes
/// issuedAt:varint (Unix seconds)  lifetime:varint (seconds)  chainDepth:varint  account:string
/// role sessions: roleArn:string (only what follows "arn:aws:iam::ACCOUNT:role/" when FlagShortRoleArn)  roleId:string  sessionName:string
/// user sessions: callerArn:string  callerUserId:string
/// [FlagMfa] issuedAt - mfaAuthTime:varint     [FlagSourceIdentity] sourceIdentity:string
/// [FlagWebIdentity] provider:string subject:string audience:string amrCount:varint amr:string*
/// [FlagPacked] [FlagPackedCompressed: rawLength:varint] length:varint packed:bytes
///              packed = [FlagSessionPolicy: policy:string] arnCount:varint arn:string* tagCount:varint (key:string value:string [FlagMultiValuedTags: extraCount:varint extra:string*])*
/// [FlagTransitive] count:varint key:string*
/// </code>
/// Strings are UTF-8 prefixed by their byte length. The packed section (session policies and tags) is
/// Brotli-compressed when that is shorter; its stored length is what <see cref="PackedPolicyBudget"/> measures.
/// </summary>
internal static class SessionTokenCodec
{
    /// <summary>The longest packed section accepted when decoding, after decompression.</summary>
    internal const int MaxPackedRawBytes = 64 * 1024;

    private const int CompressionThreshold = 96;
    // Quality 4 with a 4 KiB window: about half the time of quality 5 for session-policy-sized inputs, some 10 % larger.
    private const int BrotliQuality = 4;
    private const int BrotliWindowBits = 12;

    private const uint FlagShortRoleArn = 1 << 0;
    private const uint FlagSessionPolicy = 1 << 1;
    private const uint FlagMfa = 1 << 2;
    private const uint FlagSourceIdentity = 1 << 3;
    private const uint FlagWebIdentity = 1 << 4;
    private const uint FlagPacked = 1 << 5;
    private const uint FlagPackedCompressed = 1 << 6;
    private const uint FlagTransitive = 1 << 7;
    private const uint FlagMultiValuedTags = 1 << 8;
    private const uint KnownFlags = (1 << 9) - 1;

    /// <summary>Encodes <paramref name="state"/>, which must satisfy its invariants, and returns the packed section's stored length.</summary>
    internal static int Encode(SessionState state, TokenWriter writer)
    {
        var hasPacked = state.SessionPolicy is not null || state.PolicyArns.Length > 0 || state.Tags.Length > 0;
        using var packed = new TokenWriter(hasPacked ? 256 : 0);
        var multiValued = false;
        foreach (var tag in state.Tags)
        {
            multiValued |= !tag.AdditionalValues.IsEmpty;
        }

        if (hasPacked)
        {
            if (state.SessionPolicy is not null)
            {
                packed.WriteString(state.SessionPolicy);
            }

            packed.WriteVarint((ulong)state.PolicyArns.Length);
            foreach (var arn in state.PolicyArns)
            {
                packed.WriteString(arn);
            }

            packed.WriteVarint((ulong)state.Tags.Length);
            foreach (var tag in state.Tags)
            {
                packed.WriteString(tag.Key);
                packed.WriteString(tag.Value);
                if (multiValued)
                {
                    packed.WriteVarint((ulong)tag.AdditionalValues.Length);
                    foreach (var extra in tag.AdditionalValues)
                    {
                        packed.WriteString(extra);
                    }
                }
            }
        }

        byte[]? compressed = null;
        var compressedLength = 0;
        if (packed.Length >= CompressionThreshold)
        {
            compressed = System.Buffers.ArrayPool<byte>.Shared.Rent(packed.Length);
            if (!BrotliEncoder.TryCompress(packed.Written, compressed, out compressedLength, BrotliQuality, BrotliWindowBits) || compressedLength >= packed.Length)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(compressed);
                compressed = null;
            }
        }

        try
        {
            var shortRoleArnLength = state.IsRoleSession ? ShortRoleArnPrefixLength(state.RoleArn!, state.Account) : 0;
            var flags = shortRoleArnLength > 0 ? FlagShortRoleArn : 0u;

            flags |= state.SessionPolicy is not null ? FlagSessionPolicy : 0;
            flags |= state.MultiFactorAuthenticatedAt is not null ? FlagMfa : 0;
            flags |= state.SourceIdentity is not null ? FlagSourceIdentity : 0;
            flags |= state.Kind == SessionPrincipalKind.WebIdentity ? FlagWebIdentity : 0;
            flags |= hasPacked ? FlagPacked : 0;
            flags |= compressed is not null ? FlagPackedCompressed : 0;
            flags |= state.TransitiveTagKeys.Length > 0 ? FlagTransitive : 0;
            flags |= multiValued ? FlagMultiValuedTags : 0;

            writer.WriteByte((byte)state.Kind);
            writer.WriteVarint(flags);
            TemporaryCredentialFactory.ParseAccessKeyId(state.AccessKeyId, writer.Reserve(TemporaryCredentialFactory.AccessKeyIdRandomBytes));
            TemporaryCredentialFactory.ParseSecret(state.SecretAccessKey, writer.Reserve(TemporaryCredentialFactory.SecretBytes));
            var issued = state.IssuedAt.ToUnixTimeSeconds();
            writer.WriteVarint((ulong)issued);
            writer.WriteVarint((ulong)(state.Expiration.ToUnixTimeSeconds() - issued));
            writer.WriteVarint((ulong)state.ChainDepth);
            writer.WriteString(state.Account);
            if (state.IsRoleSession)
            {
                writer.WriteString(state.RoleArn.AsSpan(shortRoleArnLength));
                writer.WriteString(state.RoleId);
                writer.WriteString(state.RoleSessionName);
            }
            else
            {
                writer.WriteString(state.CallerArn);
                writer.WriteString(state.CallerUserId);
            }

            if (state.MultiFactorAuthenticatedAt is { } mfa)
            {
                writer.WriteVarint((ulong)(issued - mfa.ToUnixTimeSeconds()));
            }

            if (state.SourceIdentity is not null)
            {
                writer.WriteString(state.SourceIdentity);
            }

            if (state.Kind == SessionPrincipalKind.WebIdentity)
            {
                writer.WriteString(state.WebIdentityProvider);
                writer.WriteString(state.WebIdentitySubject);
                writer.WriteString(state.WebIdentityAudience);
                writer.WriteVarint((ulong)state.WebIdentityAuthenticationMethods.Length);
                foreach (var method in state.WebIdentityAuthenticationMethods)
                {
                    writer.WriteString(method);
                }
            }

            var packedStored = 0;
            if (compressed is not null)
            {
                writer.WriteVarint((ulong)packed.Length);
                writer.WriteVarint((ulong)compressedLength);
                writer.WriteBytes(compressed.AsSpan(0, compressedLength));
                packedStored = compressedLength;
            }
            else if (hasPacked)
            {
                writer.WriteVarint((ulong)packed.Length);
                writer.WriteBytes(packed.Written);
                packedStored = packed.Length;
            }

            if (state.TransitiveTagKeys.Length > 0)
            {
                writer.WriteVarint((ulong)state.TransitiveTagKeys.Length);
                foreach (var key in state.TransitiveTagKeys)
                {
                    writer.WriteString(key);
                }
            }

            return packedStored;
        }
        finally
        {
            if (compressed is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(compressed);
            }
        }
    }

    /// <summary>The length of the prefix <c>arn:aws:iam::ACCOUNT:role/</c> when <paramref name="roleArn"/> starts with it, else 0.</summary>
    private static int ShortRoleArnPrefixLength(string roleArn, string account)
    {
        const string Start = "arn:aws:iam::";
        const string End = ":role/";
        var arn = roleArn.AsSpan();
        return arn.StartsWith(Start, StringComparison.Ordinal)
            && arn[Start.Length..].StartsWith(account, StringComparison.Ordinal)
            && arn[(Start.Length + account.Length)..].StartsWith(End, StringComparison.Ordinal)
            ? Start.Length + account.Length + End.Length
            : 0;
    }

    /// <summary>Decodes a payload; false when it is not a well-formed encoding of a session that satisfies its invariants.</summary>
    internal static bool TryDecode(ReadOnlySpan<byte> payload, out SessionState? state)
    {
        state = null;
        var reader = new TokenReader(payload);
        if (!reader.TryReadByte(out var kindByte) || !reader.TryReadVarint(out var flagsRaw) || (flagsRaw & ~(ulong)KnownFlags) != 0)
        {
            return false;
        }

        var flags = (uint)flagsRaw;
        var kind = (SessionPrincipalKind)kindByte;
        if (kind is < SessionPrincipalKind.AssumedRole or > SessionPrincipalKind.UserSession || ((flags & FlagWebIdentity) != 0) != (kind == SessionPrincipalKind.WebIdentity))
        {
            return false;
        }

        if (!reader.TryReadBytes(TemporaryCredentialFactory.AccessKeyIdRandomBytes, out var keyBytes)
            || !reader.TryReadBytes(TemporaryCredentialFactory.SecretBytes, out var secretBytes)
            || !reader.TryReadVarint(out var issued) || issued > int.MaxValue * 8UL
            || !reader.TryReadVarint(out var lifetime) || lifetime == 0 || lifetime > int.MaxValue
            || !reader.TryReadInt(int.MaxValue, out var chainDepth)
            || !reader.TryReadString(out var account))
        {
            return false;
        }

        var isRole = kind is SessionPrincipalKind.AssumedRole or SessionPrincipalKind.WebIdentity;
        string? roleArn = null, roleId = null, sessionName = null, callerArn = null, callerId = null;
        if (isRole)
        {
            if (!reader.TryReadString(out var arn) || !reader.TryReadString(out var id) || !reader.TryReadString(out var name))
            {
                return false;
            }

            roleArn = (flags & FlagShortRoleArn) != 0 ? string.Concat("arn:aws:iam::", account, ":role/", arn) : arn;
            roleId = id;
            sessionName = name;
        }
        else
        {
            if ((flags & FlagShortRoleArn) != 0 || !reader.TryReadString(out var arn) || !reader.TryReadString(out var id))
            {
                return false;
            }

            callerArn = arn;
            callerId = id;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds((long)issued);
        DateTimeOffset? mfaAt = null;
        if ((flags & FlagMfa) != 0)
        {
            if (!reader.TryReadVarint(out var age) || age > issued)
            {
                return false;
            }

            mfaAt = issuedAt.AddSeconds(-(double)age);
        }

        if (!reader.TryReadOptionalString((flags & FlagSourceIdentity) != 0, out var sourceIdentity))
        {
            return false;
        }

        string? provider = null, subject = null, audience = null;
        var methods = ImmutableArray<string>.Empty;
        if ((flags & FlagWebIdentity) != 0)
        {
            if (!reader.TryReadString(out var p) || !reader.TryReadString(out var s) || !reader.TryReadString(out var a) || !TryReadStrings(ref reader, 64, out methods))
            {
                return false;
            }

            (provider, subject, audience) = (p, s, a);
        }

        string? policy = null;
        var policyArns = ImmutableArray<string>.Empty;
        var tags = ImmutableArray<SessionTag>.Empty;
        if ((flags & FlagPacked) != 0)
        {
            if (!TryReadPacked(ref reader, flags, out policy, out policyArns, out tags))
            {
                return false;
            }
        }
        else if ((flags & (FlagPackedCompressed | FlagSessionPolicy)) != 0)
        {
            return false;
        }

        var transitive = ImmutableArray<string>.Empty;
        if ((flags & FlagTransitive) != 0 && (!TryReadStrings(ref reader, SessionState.MaxTags, out transitive) || transitive.IsEmpty))
        {
            return false;
        }

        if (!reader.IsAtEnd)
        {
            return false;
        }

        var candidate = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.FormatAccessKeyId(keyBytes),
            SecretAccessKey = TemporaryCredentialFactory.FormatSecret(secretBytes),
            Kind = kind,
            Account = account,
            RoleArn = roleArn,
            RoleId = roleId,
            RoleSessionName = sessionName,
            CallerArn = callerArn,
            CallerUserId = callerId,
            SessionPolicy = policy,
            PolicyArns = policyArns,
            Tags = tags,
            TransitiveTagKeys = transitive,
            SourceIdentity = sourceIdentity,
            MultiFactorAuthenticatedAt = mfaAt,
            ChainDepth = chainDepth,
            WebIdentityProvider = provider,
            WebIdentitySubject = subject,
            WebIdentityAudience = audience,
            WebIdentityAuthenticationMethods = methods,
            IssuedAt = issuedAt,
            Expiration = issuedAt.AddSeconds(lifetime),
        };

        if (candidate.FindInvariantViolation(checkCredentials: false) is not null)
        {
            return false;
        }

        state = candidate;
        return true;
    }

    private static bool TryReadPacked(ref TokenReader reader, uint flags, out string? policy, out ImmutableArray<string> policyArns, out ImmutableArray<SessionTag> tags)
    {
        policy = null;
        policyArns = [];
        tags = [];
        var compressed = (flags & FlagPackedCompressed) != 0;
        var rawLength = 0;
        if (compressed && !reader.TryReadInt(MaxPackedRawBytes, out rawLength))
        {
            return false;
        }

        if (!reader.TryReadInt(MaxPackedRawBytes, out var storedLength) || !reader.TryReadBytes(storedLength, out var stored))
        {
            return false;
        }

        if (!compressed)
        {
            return TryReadPackedContent(stored, flags, out policy, out policyArns, out tags);
        }

        var raw = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(rawLength, 1));
        try
        {
            if (!BrotliDecoder.TryDecompress(stored, raw.AsSpan(0, rawLength), out var written) || written != rawLength)
            {
                return false;
            }

            return TryReadPackedContent(raw.AsSpan(0, rawLength), flags, out policy, out policyArns, out tags);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private static bool TryReadPackedContent(ReadOnlySpan<byte> content, uint flags, out string? policy, out ImmutableArray<string> policyArns, out ImmutableArray<SessionTag> tags)
    {
        policyArns = [];
        tags = [];
        var reader = new TokenReader(content);
        if (!reader.TryReadOptionalString((flags & FlagSessionPolicy) != 0, out policy)
            || !TryReadStrings(ref reader, SessionState.MaxPolicyArns, out policyArns)
            || !reader.TryReadInt(SessionState.MaxTags, out var tagCount))
        {
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<SessionTag>(tagCount);
        for (var i = 0; i < tagCount; i++)
        {
            if (!reader.TryReadString(out var key) || !reader.TryReadString(out var value))
            {
                return false;
            }

            var extras = ImmutableArray<string>.Empty;
            if ((flags & FlagMultiValuedTags) != 0 && !TryReadStrings(ref reader, SessionState.MaxTags, out extras))
            {
                return false;
            }

            builder.Add(new SessionTag(key, value) { AdditionalValues = extras });
        }

        tags = builder.MoveToImmutable();
        return reader.IsAtEnd;
    }

    private static bool TryReadStrings(ref TokenReader reader, int max, out ImmutableArray<string> values)
    {
        values = [];
        if (!reader.TryReadInt(max, out var count))
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        var builder = ImmutableArray.CreateBuilder<string>(count);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadString(out var value))
            {
                return false;
            }

            builder.Add(value);
        }

        values = builder.MoveToImmutable();
        return true;
    }
}
