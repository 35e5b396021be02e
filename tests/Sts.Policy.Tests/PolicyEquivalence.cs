using System.Text;
using Sts.Policy;

namespace Sts.Policy.Tests;

/// <summary>Describes a document's meaning field by field (not its text) so two documents can be compared.</summary>
internal static class PolicyEquivalence
{
    internal static string Describe(PolicyDocument document)
    {
        var text = new StringBuilder();
        text.Append($"version={document.Version} id={document.Id ?? "-"}\n");
        foreach (var s in document.Statements)
        {
            text.Append($"[{s.Index}] sid={s.Sid ?? "-"} effect={s.Effect}\n");
            if (s.Principal is { } p)
            {
                text.Append($"  principal not={p.IsNot} wildcard={p.IsWildcard} {string.Join(" ", p.Principals.OrderBy(x => x.Type).Select(x => $"{x.Type}={x.Value}"))}\n");
            }

            if (s.Action is { } a)
            {
                text.Append($"  action not={a.IsNot} {string.Join(" ", a.Patterns)}\n");
            }

            if (s.Resource is { } r)
            {
                text.Append($"  resource not={r.IsNot} {string.Join(" ", r.Patterns)}\n");
            }

            foreach (var c in s.Conditions.OrderBy(c => c.Operator.Text, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal))
            {
                text.Append($"  {c.Operator.Text} {c.Key} = {string.Join(" ", c.Values.Select(v => $"{v.Kind}:{v.Text}"))}\n");
            }
        }

        return text.ToString();
    }
}
