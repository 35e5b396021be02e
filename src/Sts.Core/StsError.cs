namespace Sts.Core;

/// <summary>
/// An expected failure of an STS or IAM operation: the AWS wire code (<c>AccessDenied</c>,
/// <c>NoSuchEntity</c>, <c>ValidationError</c>, ...), a one-line message that says what was wrong
/// (never a secret, signature or whole token), and the HTTP status AWS answers with.
/// </summary>
/// <param name="Code">The AWS error code, exactly as clients match it.</param>
/// <param name="Message">One line saying what was wrong and what was expected.</param>
/// <param name="HttpStatus">The HTTP status AWS uses for this error (400, 403, 404, 409, 500...).</param>
public sealed record StsError(string Code, string Message, int HttpStatus = 400)
{
    /// <summary>True for client faults (4xx): the wire <c>Type</c> is <c>Sender</c>; otherwise <c>Receiver</c>.</summary>
    public bool IsSenderFault => HttpStatus < 500;

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
