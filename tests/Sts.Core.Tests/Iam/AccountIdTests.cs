using Sts.Core.Accounts;

namespace Sts.Core.Tests.Iam;

public sealed class AccountIdTests
{
    [TestCase("123456789012", true)]
    [TestCase("tenant_1", false)]
    [TestCase("", false)]
    public void Parse_ValidAccountField_RoundTrips(string value, bool isAwsNumber)
    {
        var account = AccountId.Parse(value);

        AccountId.Parse(account.ToString()).Should().Be(account);
        account.IsAwsAccountNumber.Should().Be(isAwsNumber);
        account.IsDefault.Should().Be(value.Length == 0);
        account.RootArn.Should().Be($"arn:aws:iam::{value}:root");
    }

    [TestCase("12345-6789")]
    [TestCase("a b")]
    [TestCase("arn:aws")]
    public void TryParse_InvalidAccountField_ReturnsFalse(string value)
    {
        AccountId.TryParse(value, out _).Should().BeFalse();
        var act = () => AccountId.Parse(value);
        act.Should().Throw<FormatException>().WithMessage($"*'{value}'*");
    }

    [Test]
    public void Default_EqualsParsedEmptyAccount()
    {
        AccountId.Default.Should().Be(AccountId.Parse(string.Empty));
        (AccountId.Default == default).Should().BeTrue();
        IamPrincipal.Root(AccountId.Default).Arn.Should().Be("arn:aws:iam:::root");
    }
}
