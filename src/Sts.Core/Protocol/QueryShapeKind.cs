namespace Sts.Core.Protocol;

/// <summary>The type of a shape in a botocore service model.</summary>
public enum QueryShapeKind
{
    /// <summary>A string (<c>string</c>).</summary>
    String,

    /// <summary>A 32-bit integer (<c>integer</c>).</summary>
    Integer,

    /// <summary>A 64-bit integer (<c>long</c>).</summary>
    Long,

    /// <summary>A boolean (<c>boolean</c>), <c>true</c> or <c>false</c> on the wire.</summary>
    Boolean,

    /// <summary>A point in time (<c>timestamp</c>), ISO 8601 on the wire.</summary>
    Timestamp,

    /// <summary>Bytes (<c>blob</c>), Base64 on the wire.</summary>
    Blob,

    /// <summary>A structure with named members.</summary>
    Structure,

    /// <summary>A list (<c>Name.member.N</c> on the wire, <c>&lt;member&gt;</c> in XML).</summary>
    List,

    /// <summary>A map (<c>Name.entry.N.key</c>/<c>value</c> on the wire, <c>&lt;entry&gt;</c> in XML).</summary>
    Map,
}
