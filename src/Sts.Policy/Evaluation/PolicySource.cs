namespace Sts.Policy.Evaluation;

/// <summary>The role a policy plays in an evaluation.</summary>
public enum PolicySource
{
    /// <summary>An identity policy of the caller (inline or managed).</summary>
    Identity,

    /// <summary>The resource policy of the resource being accessed (e.g. a bucket policy).</summary>
    Resource,

    /// <summary>The caller's permissions boundary.</summary>
    PermissionsBoundary,

    /// <summary>A session policy passed when the caller's session was created.</summary>
    Session,

    /// <summary>A role trust policy (the resource policy of a role, evaluated for <c>sts:AssumeRole*</c>).</summary>
    Trust,
}
