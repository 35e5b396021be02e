namespace Sts.Policy.Evaluation;

/// <summary>A compiled <c>Principal</c>/<c>NotPrincipal</c> element.</summary>
internal sealed class PrincipalMatcher
{
    private readonly Entry[] _entries;

    private PrincipalMatcher(bool isNot, bool everyone, Entry[] entries)
    {
        IsNot = isNot;
        _everyone = everyone;
        _entries = entries;
    }

    private readonly bool _everyone;

    private enum EntryKind
    {
        Everyone,
        Account,
        User,
        Role,
        Session,
        IamFormSession,
        FederatedUser,
        Federated,
        Service,
        Never,
    }

    public bool IsNot { get; }

    public static PrincipalMatcher Compile(PrincipalElement element)
    {
        if (element.IsWildcard)
        {
            return new PrincipalMatcher(element.IsNot, everyone: true, []);
        }

        var entries = element.Principals.Select(CompileEntry).ToArray();
        return new PrincipalMatcher(element.IsNot, entries.Any(e => e.Kind == EntryKind.Everyone), entries);
    }

    /// <summary>How the element names <paramref name="principal"/>: for <c>Principal</c> the strongest matching entry; for <c>NotPrincipal</c>, <see cref="PrincipalMatch.Direct"/> when no entry names it exactly.</summary>
    public PrincipalMatch Match(RequestPrincipal principal)
    {
        if (IsNot)
        {
            if (_everyone)
            {
                return PrincipalMatch.None;
            }

            foreach (var entry in _entries)
            {
                if (NamesExactly(entry, principal))
                {
                    return PrincipalMatch.None;
                }
            }

            return PrincipalMatch.Direct;
        }

        if (_everyone)
        {
            return PrincipalMatch.Direct;
        }

        var best = PrincipalMatch.None;
        foreach (var entry in _entries)
        {
            var match = MatchEntry(entry, principal);
            if (match > best)
            {
                best = match;
            }
        }

        return best;
    }

    private static PrincipalMatch MatchEntry(Entry entry, RequestPrincipal p)
    {
        switch (entry.Kind)
        {
            case EntryKind.Account:
                return p.AccountId == entry.Account ? (p.Kind == RequestPrincipalKind.AccountRoot ? PrincipalMatch.Direct : PrincipalMatch.Account) : PrincipalMatch.None;
            case EntryKind.Role:
                if (p.Kind == RequestPrincipalKind.RoleSession && p.AccountId == entry.Account
                    && string.Equals(p.RoleName, entry.Name, StringComparison.Ordinal)
                    && (p.RoleArn is null || string.Equals(p.RoleArn, entry.Value, StringComparison.Ordinal)))
                {
                    return PrincipalMatch.Role;
                }

                return PrincipalMatch.None;
            case EntryKind.User or EntryKind.Session or EntryKind.FederatedUser:
                return string.Equals(p.Arn, entry.Value, StringComparison.Ordinal) ? PrincipalMatch.Direct : PrincipalMatch.None;
            case EntryKind.IamFormSession:
                return NamesIamFormSession(entry, p) ? PrincipalMatch.Direct : PrincipalMatch.None;
            case EntryKind.Federated:
                return p.Kind == RequestPrincipalKind.WebIdentity && string.Equals(p.Arn, entry.Value, StringComparison.Ordinal) ? PrincipalMatch.Direct : PrincipalMatch.None;
            case EntryKind.Service:
                return p.Kind == RequestPrincipalKind.Service && string.Equals(p.Arn, entry.Value, StringComparison.Ordinal) ? PrincipalMatch.Direct : PrincipalMatch.None;
            default:
                return PrincipalMatch.None;
        }
    }

    /// <summary>NotPrincipal names principals literally: an account excludes only its root user, a role ARN only the role itself (not its sessions).</summary>
    private static bool NamesExactly(Entry entry, RequestPrincipal p) => entry.Kind switch
    {
        EntryKind.Account => p.Kind == RequestPrincipalKind.AccountRoot && p.AccountId == entry.Account,
        EntryKind.User or EntryKind.Session or EntryKind.FederatedUser => string.Equals(p.Arn, entry.Value, StringComparison.Ordinal),
        EntryKind.IamFormSession => NamesIamFormSession(entry, p),
        EntryKind.Federated => p.Kind == RequestPrincipalKind.WebIdentity && string.Equals(p.Arn, entry.Value, StringComparison.Ordinal),
        EntryKind.Service => p.Kind == RequestPrincipalKind.Service && string.Equals(p.Arn, entry.Value, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Ceph's <c>arn:P:iam::A:assumed-role/R/S</c> names the session <c>arn:P:sts::A:assumed-role/R/S</c>, for principals that accept that form.</summary>
    private static bool NamesIamFormSession(Entry entry, RequestPrincipal p) =>
        p.Kind == RequestPrincipalKind.RoleSession && p.AcceptsIamSessionArn && string.Equals(p.Arn, entry.Name, StringComparison.Ordinal);

    private static Entry CompileEntry(PolicyPrincipal principal)
    {
        var value = principal.Value;
        switch (principal.Type)
        {
            case PrincipalType.Federated:
                return new Entry(EntryKind.Federated, value, null, null);
            case PrincipalType.Service:
                return new Entry(EntryKind.Service, value, null, null);
            case PrincipalType.CanonicalUser:
                return new Entry(EntryKind.Never, value, null, null);
        }

        if (value == "*")
        {
            return new Entry(EntryKind.Everyone, value, null, null);
        }

        if (value.Length == 12 && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return new Entry(EntryKind.Account, value, value, null);
        }

        if (!ArnParts.TrySplit(value, out var parts))
        {
            return new Entry(EntryKind.Never, value, null, null);
        }

        var service = value[parts.Service];
        var account = value[parts.Account];
        var resource = value[parts.Resource];
        if (service == "iam" && resource == "root")
        {
            return new Entry(EntryKind.Account, value, account, null);
        }

        if (service == "iam" && resource.StartsWith("user/", StringComparison.Ordinal))
        {
            return new Entry(EntryKind.User, value, account, null);
        }

        if (service == "iam" && resource.StartsWith("role/", StringComparison.Ordinal))
        {
            return new Entry(EntryKind.Role, value, account, resource[(resource.LastIndexOf('/') + 1)..]);
        }

        if (service == "sts" && resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            return new Entry(EntryKind.Session, value, account, null);
        }

        if (service == "iam" && resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            // Name holds the equivalent sts: ARN; only principals that accept Ceph's form match it.
            var stsForm = string.Concat(value.AsSpan(0, parts.Service.Start.Value), "sts", value.AsSpan(parts.Service.End.Value));
            return new Entry(EntryKind.IamFormSession, value, account, stsForm);
        }

        if (service == "sts" && resource.StartsWith("federated-user/", StringComparison.Ordinal))
        {
            return new Entry(EntryKind.FederatedUser, value, account, null);
        }

        return new Entry(EntryKind.Never, value, null, null);
    }

    private readonly record struct Entry(EntryKind Kind, string Value, string? Account, string? Name);
}
