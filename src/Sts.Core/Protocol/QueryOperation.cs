namespace Sts.Core.Protocol;

/// <summary>An operation of a Query-protocol service, as its model describes it.</summary>
public sealed class QueryOperation
{
    internal QueryOperation(QueryServiceModel service, string name, QueryShape? input, QueryShape? output, string? resultWrapper, bool isUnauthenticated, IReadOnlyList<QueryShape> errors)
    {
        Service = service;
        Name = name;
        Input = input;
        Output = output;
        ResultWrapper = resultWrapper;
        IsUnauthenticated = isUnauthenticated;
        Errors = errors;
    }

    /// <summary>The service the operation belongs to.</summary>
    public QueryServiceModel Service { get; }

    /// <summary>The operation name, the value of <c>Action</c> (<c>AssumeRole</c>).</summary>
    public string Name { get; }

    /// <summary>The input structure, or null for operations without input.</summary>
    public QueryShape? Input { get; }

    /// <summary>The output structure, or null for operations that return only <c>ResponseMetadata</c>.</summary>
    public QueryShape? Output { get; }

    /// <summary>The element that wraps the output in XML (<c>AssumeRoleResult</c>), or null.</summary>
    public string? ResultWrapper { get; }

    /// <summary>True when the model marks the operation <c>smithy.api#noAuth</c> (sent unsigned, as
    /// <c>AssumeRoleWithWebIdentity</c>).</summary>
    public bool IsUnauthenticated { get; }

    /// <summary>The modelled error structures (each with its wire code and HTTP status).</summary>
    public IReadOnlyList<QueryShape> Errors { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Service.EndpointPrefix}:{Name}";
}
