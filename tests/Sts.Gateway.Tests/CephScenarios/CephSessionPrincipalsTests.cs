using Sts.Policy;

namespace Sts.Gateway.Tests.CephScenarios;

/// <summary>The Ceph profile's reading of session principals in bucket policies (<see cref="CephSessionPrincipals"/>).</summary>
public sealed class CephSessionPrincipalsTests
{
    [TestCase("arn:aws:iam:::assumed-role/R/S", "arn:aws:sts:::assumed-role/R/S")]
    [TestCase("arn:aws:iam::123456789012:assumed-role/R/S", "arn:aws:sts::123456789012:assumed-role/R/S")]
    [TestCase("arn:aws-cn:iam:::assumed-role/R/S", "arn:aws-cn:sts:::assumed-role/R/S")]
    [TestCase("arn:aws:sts:::assumed-role/R/S", "arn:aws:sts:::assumed-role/R/S")]
    [TestCase("arn:aws:iam:::role/R", "arn:aws:iam:::role/R")]
    [TestCase("arn:aws:iam:::user/assumed-role", "arn:aws:iam:::user/assumed-role")]
    public void Normalize_BucketPolicyPrincipal_IamSessionFormBecomesStsForm(string written, string read)
    {
        var text = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{written}}","arn:aws:iam:::user/U"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""";
        var document = PolicyParser.Parse(text, PolicyKind.Resource).Document!;

        var normalized = CephSessionPrincipals.Normalize(document);

        Assert.That(normalized.Statements[0].Principal!.Principals.Select(p => p.Value), Is.EqualTo(new[] { read, "arn:aws:iam:::user/U" }));
        Assert.That(normalized.Statements[0].Action, Is.SameAs(document.Statements[0].Action));
        Assert.That(normalized.Text, Is.EqualTo(text));
    }
}
