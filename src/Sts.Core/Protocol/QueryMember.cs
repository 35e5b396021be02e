namespace Sts.Core.Protocol;

/// <summary>A member of a structure shape: its name (the wire name: the models use no <c>locationName</c>),
/// its shape and whether the operation requires it.</summary>
public sealed class QueryMember
{
    internal QueryMember(string name, QueryShape shape, bool isRequired)
    {
        Name = name;
        Shape = shape;
        IsRequired = isRequired;
    }

    /// <summary>The member name, as it appears on the wire and in XML (<c>RoleArn</c>, <c>arn</c>).</summary>
    public string Name { get; }

    /// <summary>The member's shape.</summary>
    public QueryShape Shape { get; }

    /// <summary>True when the structure lists this member as required.</summary>
    public bool IsRequired { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Shape.Name}";
}
