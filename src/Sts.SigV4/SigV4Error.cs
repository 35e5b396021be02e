namespace Sts.SigV4;

/// <summary>A verification failure: the semantic code, its wire spelling and status for the service, and a one-line message.</summary>
public sealed class SigV4Error
{
    internal SigV4Error(SigV4ErrorCode code, SigV4ServiceFamily family, string message)
    {
        Code = code;
        Family = family;
        Message = message;
    }

    /// <summary>The semantic failure.</summary>
    public SigV4ErrorCode Code { get; }

    /// <summary>The service family whose spelling <see cref="AwsCode"/> and <see cref="HttpStatus"/> use.</summary>
    public SigV4ServiceFamily Family { get; }

    /// <summary>The AWS error code for the response body, for example <c>SignatureDoesNotMatch</c>.</summary>
    public string AwsCode => Code.ToAwsCode(Family);

    /// <summary>The HTTP status for the response.</summary>
    public int HttpStatus => Code.ToHttpStatus(Family);

    /// <summary>One line saying what was wrong; never contains a secret or a signature.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => AwsCode + ": " + Message;
}
