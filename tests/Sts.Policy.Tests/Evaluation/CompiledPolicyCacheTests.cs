using Sts.Policy.Evaluation;

namespace Sts.Policy.Tests.Evaluation;

public class CompiledPolicyCacheTests
{
    private const string Policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";

    [Test]
    public void TryGet_SameText_ParsesOnce()
    {
        var cache = new CompiledPolicyCache();
        var parses = 0;
        (PolicyDocument?, string?) Parse(string text)
        {
            parses++;
            return EvaluationTestKit.Parse(text);
        }

        cache.TryGet(Policy, "p", PolicySource.Identity, Parse, out var first, out _).Should().BeTrue();
        cache.TryGet(Policy, "p", PolicySource.Identity, Parse, out var second, out _).Should().BeTrue();
        second.Should().BeSameAs(first);
        parses.Should().Be(1);
    }

    [Test]
    public void TryGet_BadText_ReturnsTheParseErrorAndCachesNothing()
    {
        var cache = new CompiledPolicyCache();
        cache.TryGet("{", "p", PolicySource.Identity, EvaluationTestKit.Parse, out var policy, out var error).Should().BeFalse();
        policy.Should().BeNull();
        error.Should().StartWith("Syntax errors in policy.");
        cache.Count.Should().Be(0);
    }

    [Test]
    public void TryGet_BeyondCapacity_StaysBounded()
    {
        var cache = new CompiledPolicyCache(capacity: 8);
        for (var i = 0; i < 50; i++)
        {
            cache.TryGet(Policy, $"p{i}", PolicySource.Identity, EvaluationTestKit.Parse, out _, out _).Should().BeTrue();
        }

        cache.Count.Should().BeLessThanOrEqualTo(8);
    }
}
