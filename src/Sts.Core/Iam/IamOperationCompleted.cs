namespace Sts.Core.Iam;

/// <summary>The result of an operation that returns nothing but success (AWS's empty result element).</summary>
public sealed class IamOperationCompleted
{
    private IamOperationCompleted()
    {
    }

    /// <summary>The one instance.</summary>
    public static IamOperationCompleted Instance { get; } = new();
}
