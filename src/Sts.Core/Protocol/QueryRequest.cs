namespace Sts.Core.Protocol;

/// <summary>A parsed and validated Query-protocol request: the operation and its input, every member
/// already checked against the model (required, type, length, range, pattern, enumeration).</summary>
public sealed class QueryRequest
{
    internal QueryRequest(QueryOperation operation, QueryStructure input)
    {
        Operation = operation;
        Input = input;
    }

    /// <summary>The operation named by <c>Action</c>.</summary>
    public QueryOperation Operation { get; }

    /// <summary>The service (STS or IAM) chosen by <c>Version</c>.</summary>
    public QueryServiceModel Service => Operation.Service;

    /// <summary>The input members.</summary>
    public QueryStructure Input { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Operation} {Input}";
}
