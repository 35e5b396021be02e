using CsCheck;
using Sts.Policy;

namespace Sts.Policy.Tests;

public class ArnTests
{
    [TestCase("arn:aws:s3:::bucket/key", "aws", "s3", "", "", "bucket/key")]
    [TestCase("arn:aws:iam::123456789012:role/path/app", "aws", "iam", "", "123456789012", "role/path/app")]
    [TestCase("arn:aws:sts::123456789012:assumed-role/app/session", "aws", "sts", "", "123456789012", "assumed-role/app/session")]
    [TestCase("arn:aws:iam:::user/TESTER1", "aws", "iam", "", "", "user/TESTER1")]
    [TestCase("arn:aws:iam::tenant:user/x", "aws", "iam", "", "tenant", "user/x")]
    [TestCase("arn:aws-cn:logs:cn-north-1:123456789012:log-group:app:*", "aws-cn", "logs", "cn-north-1", "123456789012", "log-group:app:*")]
    public void Parse_WellFormedArn_SplitsIntoParts(string text, string partition, string service, string region, string account, string resource)
    {
        var arn = Arn.Parse(text);

        arn.Partition.Should().Be(partition);
        arn.Service.Should().Be(service);
        arn.Region.Should().Be(region);
        arn.Account.Should().Be(account);
        arn.Resource.Should().Be(resource);
        arn.ToString().Should().Be(text);
    }

    [TestCase("", "must start with \"arn:\"")]
    [TestCase("aws:s3:::bucket", "must start with \"arn:\"")]
    [TestCase("arn:aws:s3::bucket", "six colon-separated parts")]
    [TestCase("arn::s3:::bucket", "must have a partition, a service and a resource")]
    [TestCase("arn:aws::::bucket", "must have a partition, a service and a resource")]
    [TestCase("arn:aws:s3:::", "must have a partition, a service and a resource")]
    public void TryParse_MalformedArn_ReturnsFalseWithReason(string text, string reason)
    {
        Arn.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
        FluentActions.Invoking(() => Arn.Parse(text)).Should().Throw<FormatException>().WithMessage($"*{reason}*");
    }

    [Test]
    public void TryParse_TooLong_ReturnsFalse()
    {
        Arn.TryParse("arn:aws:s3:::" + new string('a', Arn.MaxLength), out _).Should().BeFalse();
    }

    [Test]
    public void Parse_ToStringOfAnyParsedArn_RoundTrips()
    {
        var segment = Gen.String[Gen.Char["abcAZ09-_./*?${}"], 0, 12];
        var required = Gen.String[Gen.Char["abcAZ09-_./*?${}"], 1, 12];
        var resource = Gen.String[Gen.Char["abcAZ09-_./*?:${}"], 1, 40];
        Gen.Select(required, required, segment, segment, resource).Sample(
            parts =>
            {
                var (partition, service, region, account, rest) = parts;
                var text = $"arn:{partition}:{service}:{region}:{account}:{rest}";
                var arn = Arn.Parse(text);
                arn.ToString().Should().Be(text);
                Arn.Parse(arn.ToString()).Should().Be(arn);
                arn.Resource.Should().Be(rest);
            },
            iter: 2000);
    }
}
