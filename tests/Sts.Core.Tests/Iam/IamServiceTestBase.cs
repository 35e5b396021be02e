using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;

namespace Sts.Core.Tests.Iam;

public abstract class IamServiceTestBase
{
    protected const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    protected const string OtherTrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    protected const string S3ReadPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";
    protected const string S3WritePolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}]}""";

    protected static readonly AccountId Account = AccountId.Parse("123456789012");

    protected static IamPrincipal Root { get; } = IamPrincipal.Root(Account);

    protected FakeTimeProvider Time { get; private set; } = null!;

    protected IIamStore Store { get; private set; } = null!;

    protected IamService Iam { get; private set; } = null!;

    [SetUp]
    public void CreateService()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 500, TimeSpan.Zero));
        Store = new InMemoryIamStore();
        Iam = new IamService(Store, Options, Time);
    }

    protected virtual IamServiceOptions Options => new();

    protected static T Ok<T>(StsResult<T> result)
    {
        result.Error.Should().BeNull();
        return result.Value;
    }

    protected static StsError Fails<T>(StsResult<T> result, string code, int status, string messagePart)
    {
        result.IsSuccess.Should().BeFalse("the operation should fail with {0}", code);
        result.Error!.Code.Should().Be(code);
        result.Error.HttpStatus.Should().Be(status);
        result.Error.Message.Should().Contain(messagePart);
        return result.Error;
    }
}
