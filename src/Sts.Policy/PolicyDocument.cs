using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>
/// A parsed, validated IAM policy document. Immutable. The text it was parsed from is kept exactly as
/// submitted (<see cref="Text"/>), since IAM returns stored policy text unchanged.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>Creates a document from parts already validated by the parser.</summary>
    /// <param name="text">The document exactly as submitted.</param>
    /// <param name="kind">The kind the document was validated as.</param>
    /// <param name="version">The <c>Version</c> element.</param>
    /// <param name="id">The <c>Id</c> element, or null when absent.</param>
    /// <param name="statements">The statements in document order.</param>
    public PolicyDocument(string text, PolicyKind kind, PolicyVersion version, string? id, ImmutableArray<PolicyStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements.IsDefault ? [] : statements;
    }

    /// <summary>The document exactly as submitted.</summary>
    public string Text { get; }

    /// <summary>The kind the document was validated as.</summary>
    public PolicyKind Kind { get; }

    /// <summary>The <c>Version</c> element; policy variables are expanded only for <see cref="PolicyVersion.V20121017"/>.</summary>
    public PolicyVersion Version { get; }

    /// <summary>The <c>Id</c> element, or null when absent.</summary>
    public string? Id { get; }

    /// <summary>The statements in document order.</summary>
    public ImmutableArray<PolicyStatement> Statements { get; }

    /// <summary>Writes the document back out as canonical JSON (see <see cref="PolicyWriter"/>); <see cref="Text"/> keeps the original.</summary>
    /// <param name="indented">True for two-space indentation, false for compact output.</param>
    /// <returns>The canonical JSON text.</returns>
    public string ToCanonicalJson(bool indented = false) => PolicyWriter.ToCanonicalJson(this, indented);
}
