using Sts.Core.Iam;

namespace Sts.Core.Tests.Iam;

public sealed class RequestValidatorTests
{
    [Test]
    public void Name_LongValue_IsQuotedTruncated()
    {
        var error = new RequestValidator().Name("roleName", new string('x', 300)).Error!;

        error.Message.Should().Contain($"Value '{new string('x', 128)}...' at 'roleName'");
        error.Message.Should().NotContain(new string('x', 129));
    }

    [Test]
    public void Name_ValidValue_HasNoError()
    {
        new RequestValidator().Name("roleName", "a+=,.@_-Z9").Error.Should().BeNull();
    }

    [Test]
    public void Tags_NullTag_ReportsMustNotBeNull()
    {
        new RequestValidator().Tags("tags", [null!]).Error!.Message.Should().Contain("Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null");
    }

    [Test]
    public void Text_ControlCharactersInQuotedValue_AreReplaced()
    {
        var error = new RequestValidator().Name("roleName", "a\nb").Error!;

        error.Message.Should().Contain("Value 'a b' at 'roleName'");
        error.Message.Should().NotContain("\n");
    }
}
