namespace Sts.Policy;

/// <summary>The <c>Version</c> element of a policy document.</summary>
public enum PolicyVersion
{
    /// <summary>No <c>Version</c> element: AWS treats the document as 2008-10-17 (policy variables stay literal).</summary>
    Unspecified,

    /// <summary><c>2008-10-17</c>: the original policy language, without policy variables.</summary>
    V20081017,

    /// <summary><c>2012-10-17</c>: the current policy language, with policy variables.</summary>
    V20121017,
}
