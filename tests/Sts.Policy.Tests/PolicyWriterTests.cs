using Sts.Policy;

namespace Sts.Policy.Tests;

public class PolicyWriterTests
{
    [Test]
    public void ToCanonicalJson_WritesElementsInFixedOrderAndSingleValuesAsStrings()
    {
        const string Text = """
            { "Statement": { "Condition": { "NumericLessThan": { "s3:max-keys": 10 }, "Bool": { "aws:SecureTransport": [true] } },
              "Resource": ["arn:aws:s3:::b"], "Action": ["s3:ListBucket"], "Principal": { "Service": "s3.amazonaws.com", "AWS": ["1", "2"] },
              "Effect": "Allow", "Sid": "A" }, "Id": "x", "Version": "2008-10-17" }
            """;

        var document = PolicyParser.ParseLenient(Text).Document!;

        document.ToCanonicalJson().Should().Be(
            """{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":["1","2"],"Service":"s3.amazonaws.com"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}}]}""");
        document.Text.Should().BeSameAs(Text);
    }

    [Test]
    public void ToCanonicalJson_ReparsesToAnEquivalentDocumentForEveryValidCorpusCase()
    {
        var valid = PolicyCorpusTests.Cases().Select(c => (CorpusCase)c.Arguments[0]!).Where(c => c.Valid).ToList();
        valid.Should().NotBeEmpty();
        foreach (var testCase in valid)
        {
            var document = PolicyParser.Parse(testCase.Text, testCase.Kind).Document!;
            foreach (var indented in new[] { false, true })
            {
                var canonical = document.ToCanonicalJson(indented);
                var reparsed = PolicyParser.Parse(canonical, testCase.Kind, new PolicyParserOptions { SyntaxOnly = true });
                reparsed.IsValid.Should().BeTrue(because: canonical);
                PolicyEquivalence.Describe(reparsed.Document!).Should().Be(PolicyEquivalence.Describe(document), because: canonical);
                reparsed.Document!.ToCanonicalJson(indented).Should().Be(canonical);
            }
        }
    }
}
