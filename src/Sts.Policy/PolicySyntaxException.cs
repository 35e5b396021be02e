namespace Sts.Policy;

/// <summary>Unwinds the JSON reader at the first syntax error; caught inside the parser and never thrown out of it.</summary>
internal sealed class PolicySyntaxException : Exception
{
    public PolicySyntaxException()
    {
    }

    public PolicySyntaxException(string message)
        : base(message)
    {
    }

    public PolicySyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
