using System.Diagnostics.CodeAnalysis;

namespace Sts.Core.Accounts;

/// <summary>
/// The account that owns IAM entities: an AWS-style 12-digit id (<c>123456789012</c>), a Ceph-style tenant
/// name (<c>[A-Za-z0-9_]</c>, 1 to 64 characters), or the default account, whose ARNs have an empty account
/// field (<c>arn:aws:iam:::role/S3Access</c>). <c>default(AccountId)</c> is the default account.
/// </summary>
public readonly struct AccountId : IEquatable<AccountId>
{
    private readonly string? _value;

    private AccountId(string value) => _value = value;

    /// <summary>The default account (empty account field in ARNs).</summary>
    public static AccountId Default => default;

    /// <summary>The account field as it appears in ARNs: 12 digits, a tenant name, or empty for the default account.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True for the default account.</summary>
    public bool IsDefault => Value.Length == 0;

    /// <summary>True for an AWS-style 12-digit account id.</summary>
    public bool IsAwsAccountNumber => Value.Length == 12 && Value.All(char.IsAsciiDigit);

    /// <summary>The ARN of the account's root principal: <c>arn:aws:iam::ACCOUNT:root</c>.</summary>
    public string RootArn => $"arn:aws:iam::{Value}:root";

    /// <summary>Parses an account field.</summary>
    /// <param name="value">12 digits, a tenant name, or empty for the default account.</param>
    /// <returns>The account.</returns>
    /// <exception cref="FormatException">The value is not an account field.</exception>
    public static AccountId Parse(string value) =>
        TryParse(value, out var account) ? account : throw new FormatException($"'{value}' is not a 12-digit account id, a tenant name or empty.");

    /// <summary>Parses an account field.</summary>
    /// <param name="value">12 digits, a tenant name, or empty for the default account.</param>
    /// <param name="account">The account, when the value is valid.</param>
    /// <returns>True when the value is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out AccountId account)
    {
        account = default;
        if (value is null || value.Length > 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        account = new AccountId(value);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(AccountId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AccountId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Equality of account fields (ordinal).</summary>
    /// <param name="left">One account.</param>
    /// <param name="right">The other account.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(AccountId left, AccountId right) => left.Equals(right);

    /// <summary>Inequality of account fields (ordinal).</summary>
    /// <param name="left">One account.</param>
    /// <param name="right">The other account.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(AccountId left, AccountId right) => !left.Equals(right);
}
