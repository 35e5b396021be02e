using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Sts.Policy;

/// <summary>
/// Reads policy JSON straight off UTF-8 with <see cref="Utf8JsonReader"/> into the model, checking the
/// grammar's shape as it goes: element names and types, duplicate keys in every object, known condition
/// operators, <c>Effect</c>. Stops at the first syntax error, as AWS does, recording it in the session.
/// </summary>
internal ref struct PolicyJsonReader
{
    private const uint VersionBit = 1, IdBit = 2, StatementBit = 4;
    private const uint SidBit = 1, EffectBit = 2, PrincipalBit = 4, NotPrincipalBit = 8, ActionBit = 16, NotActionBit = 32,
        ResourceBit = 64, NotResourceBit = 128, ConditionBit = 256;

    private static readonly FrozenDictionary<string, ConditionOperator> Operators = BuildOperators();
    private static readonly FrozenDictionary<string, ConditionOperator>.AlternateLookup<ReadOnlySpan<char>> OperatorLookup =
        Operators.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string> WellKnown = BuildWellKnown();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> WellKnownLookup =
        WellKnown.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly ReadOnlySpan<byte> utf8;
    private readonly ParseSession session;
    private readonly bool syntaxOnly;
    private Utf8JsonReader reader;

    internal PolicyJsonReader(ReadOnlySpan<byte> utf8, ParseSession session, bool syntaxOnly)
    {
        this.utf8 = utf8;
        this.session = session;
        this.syntaxOnly = syntaxOnly;
        reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = PolicyLimits.MaxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
    }

    /// <summary>True when a <c>Version</c> element was present.</summary>
    internal bool HasVersion { get; private set; }

    internal PolicyVersion Version { get; private set; }

    internal string? Id { get; private set; }

    /// <summary>Reads the whole document; false when a syntax error was recorded.</summary>
    internal bool ReadDocument()
    {
        try
        {
            ReadDocumentCore();
            return true;
        }
        catch (PolicySyntaxException e)
        {
            session.Error(ParsePhase.Syntax, PolicyMessages.Syntax(e.Message));
            return false;
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }

            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : string.Empty;
            session.Error(ParsePhase.Syntax, PolicyMessages.Syntax($"Invalid JSON{where}: {reason.TrimEnd('.')}."));
            return false;
        }
        catch (InvalidOperationException e)
        {
            session.Error(ParsePhase.Syntax, PolicyMessages.Syntax($"Invalid JSON{At()}: {e.Message.TrimEnd('.')}."));
            return false;
        }
    }

    private void ReadDocumentCore()
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"The policy must be a JSON object, not {Describe()}");
        }

        uint seen = 0;
        while (Next() == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Version"u8))
            {
                Mark(ref seen, VersionBit);
                Next();
                var text = ExpectString("Version");
                Version = text switch
                {
                    "2012-10-17" => PolicyVersion.V20121017,
                    "2008-10-17" => PolicyVersion.V20081017,
                    _ => throw Fail($"Version {PolicyMessages.Quote(text)} is neither 2012-10-17 nor 2008-10-17"),
                };
                HasVersion = true;
            }
            else if (reader.ValueTextEquals("Id"u8))
            {
                Mark(ref seen, IdBit);
                Next();
                Id = ExpectString("Id");
            }
            else if (reader.ValueTextEquals("Statement"u8))
            {
                Mark(ref seen, StatementBit);
                Next();
                ReadStatements();
            }
            else
            {
                throw Fail($"Unknown element {PolicyMessages.Quote(reader.GetString()!)}");
            }
        }

        if ((seen & StatementBit) == 0)
        {
            throw Fail("The policy has no Statement");
        }

        if (reader.Read())
        {
            throw Fail("Unexpected content after the policy");
        }
    }

    private void ReadStatements()
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadStatement();
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail($"Statement must be an object or an array of objects, not {Describe()}");
        }

        while (Next() != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Fail($"Statement entries must be objects, not {Describe()}");
            }

            ReadStatement();
        }

        if (session.Statements.Count == 0)
        {
            throw Fail("Statement must not be empty");
        }
    }

    private void ReadStatement()
    {
        var index = session.Statements.Count;
        uint seen = 0;
        string? sid = null;
        PolicyEffect? effect = null;
        PrincipalElement? principal = null;
        ActionElement? action = null;
        ResourceElement? resource = null;
        ImmutableArray<PolicyCondition> conditions = [];
        while (Next() == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Effect"u8))
            {
                Mark(ref seen, EffectBit);
                Next();
                effect = ReadEffect(index);
            }
            else if (reader.ValueTextEquals("Action"u8))
            {
                MarkExclusive(ref seen, ActionBit, NotActionBit);
                Next();
                action = new ActionElement(false, ReadStringList("Action"));
            }
            else if (reader.ValueTextEquals("Resource"u8))
            {
                MarkExclusive(ref seen, ResourceBit, NotResourceBit);
                Next();
                resource = new ResourceElement(false, ReadStringList("Resource"));
            }
            else if (reader.ValueTextEquals("Sid"u8))
            {
                Mark(ref seen, SidBit);
                Next();
                sid = ExpectString("Sid");
            }
            else if (reader.ValueTextEquals("Condition"u8))
            {
                Mark(ref seen, ConditionBit);
                Next();
                conditions = ReadConditions();
            }
            else if (reader.ValueTextEquals("Principal"u8))
            {
                MarkExclusive(ref seen, PrincipalBit, NotPrincipalBit);
                Next();
                principal = ReadPrincipal(false);
            }
            else if (reader.ValueTextEquals("NotAction"u8))
            {
                MarkExclusive(ref seen, NotActionBit, ActionBit);
                Next();
                action = new ActionElement(true, ReadStringList("NotAction"));
            }
            else if (reader.ValueTextEquals("NotResource"u8))
            {
                MarkExclusive(ref seen, NotResourceBit, ResourceBit);
                Next();
                resource = new ResourceElement(true, ReadStringList("NotResource"));
            }
            else if (reader.ValueTextEquals("NotPrincipal"u8))
            {
                MarkExclusive(ref seen, NotPrincipalBit, PrincipalBit);
                Next();
                principal = ReadPrincipal(true);
            }
            else
            {
                throw Fail($"Unknown element {PolicyMessages.Quote(reader.GetString()!)} in statement {index}");
            }
        }

        if (effect is not { } statementEffect)
        {
            throw Fail($"Statement {index} has no Effect");
        }

        session.Statements.Add(new PolicyStatement(index, sid, statementEffect, principal, action, resource, conditions));
    }

    private PolicyEffect ReadEffect(int index)
    {
        var text = ExpectString("Effect");
        if (text == "Allow")
        {
            return PolicyEffect.Allow;
        }

        if (text == "Deny")
        {
            return PolicyEffect.Deny;
        }

        var allow = string.Equals(text, "Allow", StringComparison.OrdinalIgnoreCase);
        if (!syntaxOnly && (allow || string.Equals(text, "Deny", StringComparison.OrdinalIgnoreCase)))
        {
            // AWS's syntax check ignores case; its legacy parser then refuses anything but the exact spelling.
            session.EffectCaseMismatches.Add((index, text));
            return allow ? PolicyEffect.Allow : PolicyEffect.Deny;
        }

        throw Fail($"Effect {PolicyMessages.Quote(text)} must be \"Allow\" or \"Deny\"");
    }

    private ImmutableArray<string> ReadStringList(string element)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [ReadText()];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail($"{element} must be a string or an array of strings, not {Describe()}");
        }

        var strings = session.Strings;
        strings.Clear();
        while (Next() != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Fail($"{element} entries must be strings, not {Describe()}");
            }

            strings.Add(ReadText());
        }

        return ImmutableArray.Create(CollectionsMarshal.AsSpan(strings));
    }

    private PrincipalElement ReadPrincipal(bool isNot)
    {
        var element = isNot ? "NotPrincipal" : "Principal";
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("*"u8))
            {
                return new PrincipalElement(isNot, true, []);
            }

            throw Fail($"{element} must be \"*\" or an object such as {{\"AWS\": ...}}, not the string {PolicyMessages.Quote(reader.GetString()!)}");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"{element} must be \"*\" or an object such as {{\"AWS\": ...}}, not {Describe()}");
        }

        var principals = session.Principals;
        principals.Clear();
        uint seen = 0;
        while (Next() == JsonTokenType.PropertyName)
        {
            PrincipalType type;
            if (reader.ValueTextEquals("AWS"u8))
            {
                Mark(ref seen, 1);
                type = PrincipalType.Aws;
            }
            else if (reader.ValueTextEquals("Service"u8))
            {
                Mark(ref seen, 2);
                type = PrincipalType.Service;
            }
            else if (reader.ValueTextEquals("Federated"u8))
            {
                Mark(ref seen, 4);
                type = PrincipalType.Federated;
            }
            else if (reader.ValueTextEquals("CanonicalUser"u8))
            {
                Mark(ref seen, 8);
                type = PrincipalType.CanonicalUser;
            }
            else
            {
                throw Fail($"Unknown principal type {PolicyMessages.Quote(reader.GetString()!)} in {element}; expected AWS, Federated, Service or CanonicalUser");
            }

            Next();
            if (reader.TokenType == JsonTokenType.String)
            {
                principals.Add(new PolicyPrincipal(type, ReadText()));
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (Next() != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Fail($"{element} entries must be strings, not {Describe()}");
                    }

                    principals.Add(new PolicyPrincipal(type, ReadText()));
                }
            }
            else
            {
                throw Fail($"{element} values must be a string or an array of strings, not {Describe()}");
            }
        }

        if (principals.Count == 0)
        {
            throw Fail($"{element} must name at least one principal");
        }

        return new PrincipalElement(isNot, false, ImmutableArray.Create(CollectionsMarshal.AsSpan(principals)));
    }

    private ImmutableArray<PolicyCondition> ReadConditions()
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"Condition must be an object, not {Describe()}");
        }

        var conditions = session.Conditions;
        var operatorNames = session.OperatorNames;
        conditions.Clear();
        operatorNames.Clear();
        while (Next() == JsonTokenType.PropertyName)
        {
            var known = TryReadOperator(out var op, out var name);
            foreach (var seen in operatorNames)
            {
                if (string.Equals(seen, name, StringComparison.Ordinal))
                {
                    throw Fail($"Duplicate key {PolicyMessages.Quote(name)}{At()}");
                }
            }

            operatorNames.Add(name);
            Next();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Fail($"Condition operator {PolicyMessages.Quote(name)} must map condition keys to values, not {Describe()}");
            }

            if (!known)
            {
                if (Next() != JsonTokenType.EndObject)
                {
                    throw Fail($"Unknown condition operator {PolicyMessages.Quote(name)}");
                }

                // AWS accepts an unknown operator with no keys (moto's AWS-captured valid documents) and ignores it.
                if (!syntaxOnly)
                {
                    session.Warning(PolicyMessages.WarnUnknownOperatorIgnored, $"Unknown condition operator {PolicyMessages.Quote(name)} has no keys and is ignored.");
                }

                continue;
            }

            ReadConditionKeys(op!);
        }

        return ImmutableArray.Create(CollectionsMarshal.AsSpan(conditions));
    }

    private void ReadConditionKeys(ConditionOperator op)
    {
        var keys = session.ConditionKeys;
        keys.Clear();
        while (Next() == JsonTokenType.PropertyName)
        {
            var key = ReadText();
            foreach (var seen in keys)
            {
                if (string.Equals(seen, key, StringComparison.Ordinal))
                {
                    throw Fail($"Duplicate key {PolicyMessages.Quote(key)}{At()}");
                }
            }

            keys.Add(key);
            Next();
            ImmutableArray<ConditionValue> values;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var list = session.Values;
                list.Clear();
                while (Next() != JsonTokenType.EndArray)
                {
                    list.Add(ReadConditionValue(key));
                }

                values = ImmutableArray.Create(CollectionsMarshal.AsSpan(list));
            }
            else
            {
                values = [ReadConditionValue(key)];
            }

            session.Conditions.Add(new PolicyCondition(op, key, values));
        }
    }

    private ConditionValue ReadConditionValue(string key) => reader.TokenType switch
    {
        JsonTokenType.String => new ConditionValue(ConditionValueKind.String, ReadText()),
        JsonTokenType.True => TrueValue,
        JsonTokenType.False => FalseValue,
        JsonTokenType.Number => new ConditionValue(ConditionValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
        _ => throw Fail($"Condition values for key {PolicyMessages.Quote(key)} must be strings, numbers or booleans, not {Describe()}"),
    };

    private static readonly ConditionValue TrueValue = new(ConditionValueKind.Boolean, "true");
    private static readonly ConditionValue FalseValue = new(ConditionValueKind.Boolean, "false");

    private bool TryReadOperator(out ConditionOperator? op, out string name)
    {
        op = null;
        var raw = reader.ValueSpan;
        if (raw.Length <= 64 && !reader.ValueIsEscaped)
        {
            Span<char> chars = stackalloc char[64];
            var length = Encoding.UTF8.GetChars(raw, chars);
            if (OperatorLookup.TryGetValue(chars[..length], out op))
            {
                name = op.Text;
                return true;
            }
        }

        name = reader.GetString()!;
        return ConditionOperator.TryParse(name, out op);
    }

    /// <summary>Reads the current string token, returning a shared instance for common values.</summary>
    private string ReadText()
    {
        var raw = reader.ValueSpan;
        if (raw.Length <= 48 && !reader.ValueIsEscaped)
        {
            Span<char> chars = stackalloc char[48];
            var length = Encoding.UTF8.GetChars(raw, chars);
            if (WellKnownLookup.TryGetValue(chars[..length], out var shared))
            {
                return shared;
            }

            return new string(chars[..length]);
        }

        return reader.GetString()!;
    }

    private string ExpectString(string element)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Fail($"{element} must be a string, not {Describe()}");
        }

        return ReadText();
    }

    private JsonTokenType Next()
    {
        reader.Read();
        return reader.TokenType;
    }

    private readonly void Mark(ref uint seen, uint bit)
    {
        if ((seen & bit) != 0)
        {
            throw Fail($"Duplicate key {PolicyMessages.Quote(reader.GetString()!)}{At()}");
        }

        seen |= bit;
    }

    private readonly void MarkExclusive(ref uint seen, uint bit, uint other)
    {
        Mark(ref seen, bit);
        if ((seen & other) != 0)
        {
            var name = reader.GetString()!;
            var opposite = name.StartsWith("Not", StringComparison.Ordinal) ? name[3..] : "Not" + name;
            throw Fail($"{name} and {opposite} cannot both appear in one statement{At()}");
        }
    }

    private readonly string Describe() => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    private readonly string At()
    {
        var end = (int)Math.Min(reader.TokenStartIndex, utf8.Length);
        return $" at line {utf8[..end].Count((byte)'\n') + 1}";
    }

    private readonly PolicySyntaxException Fail(string reason) =>
        new(reason.EndsWith('.') ? reason : reason.Contains(" at line ", StringComparison.Ordinal) ? reason + "." : $"{reason}{At()}.");

    private static FrozenDictionary<string, ConditionOperator> BuildOperators()
    {
        var operators = new Dictionary<string, ConditionOperator>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<ConditionOperatorKind>())
        {
            foreach (var prefix in (string[])["", "ForAllValues:", "ForAnyValue:"])
            {
                foreach (var suffix in (string[])["", "IfExists"])
                {
                    var text = prefix + kind + suffix;
                    if (ConditionOperator.TryParse(text, out var op))
                    {
                        operators[text] = op;
                    }
                }
            }
        }

        return operators.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildWellKnown()
    {
        string[] values =
        [
            "*", "true", "false", "2012-10-17", "2008-10-17",
            "s3:*", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:ListAllMyBuckets",
            "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:ListBucketMultipartUploads", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:prefix", "s3:delimiter",
            "s3:x-amz-acl", "s3:x-amz-server-side-encryption",
            "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:TagSession",
            "sts:SetSourceIdentity", "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity",
            "iam:*", "iam:PassRole", "iam:GetUser", "iam:GetRole",
            "aws:SourceIp", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime", "aws:UserAgent", "aws:Referer",
            "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:userid", "aws:username",
            "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:RequestedRegion", "aws:TagKeys",
            "aws:SourceIdentity", "aws:TokenIssueTime", "aws:FederatedProvider",
            "${aws:username}", "${aws:userid}", "${aws:PrincipalTag/team}",
        ];
        return values.ToFrozenDictionary(static v => v, StringComparer.Ordinal);
    }
}
