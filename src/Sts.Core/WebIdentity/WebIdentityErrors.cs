using System.Text;

namespace Sts.Core.WebIdentity;

/// <summary>The errors of web identity validation: AWS wire codes and one-line messages.</summary>
internal static class WebIdentityErrors
{
    internal const string InvalidIdentityTokenCode = "InvalidIdentityToken";
    internal const string ExpiredTokenCode = "ExpiredTokenException";
    internal const string IdpCommunicationErrorCode = "IDPCommunicationError";
    internal const string IdpRejectedClaimCode = "IDPRejectedClaim";
    internal const string ValidationErrorCode = "ValidationError";

    private const int QuoteLimit = 64;

    internal static StsError Invalid(string message) => new(InvalidIdentityTokenCode, message);

    internal static StsError Expired(long now, long exp) =>
        // AWS's wording, missing space included: "Token expired: current date/time 1626271164 must be before the expiration date/time1626191469".
        new(ExpiredTokenCode, $"Token expired: current date/time {now} must be before the expiration date/time{exp}");

    internal static StsError Communication(string message) => new(IdpCommunicationErrorCode, message);

    internal static StsError RejectedClaim(string message) => new(IdpRejectedClaimCode, message, 403);

    internal static StsError TokenLength(int max, bool tooLong) =>
        new(ValidationErrorCode, tooLong
            ? $"1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to {max}"
            : "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4");

    /// <summary>Quotes untrusted text for a message: truncated, control and non-ASCII characters escaped.</summary>
    internal static string Quote(string? text)
    {
        if (text is null)
        {
            return "''";
        }

        var builder = new StringBuilder(Math.Min(text.Length, QuoteLimit) + 8).Append('\'');
        for (var i = 0; i < text.Length && i < QuoteLimit; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~' or '\'' or '\\')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4"));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (text.Length > QuoteLimit)
        {
            builder.Append("...");
        }

        return builder.Append('\'').ToString();
    }
}
