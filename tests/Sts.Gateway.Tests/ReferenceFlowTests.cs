using System.Text.Json.Nodes;

namespace Sts.Gateway.Tests;

/// <summary>The user's AssumeRole reference flow (boto3, scripts/reference_assume_role.py) against the gateway with
/// the real STS and IAM services: the trust policy naming the caller works end to end; as printed (naming TESTER1
/// while TESTER2 calls) it is refused, as AWS and Ceph refuse it.</summary>
public sealed class ReferenceFlowTests
{
    private const string RootKey = "AKIAGATEWAYTESTROOT1";
    private const string RootSecret = "gatewaytestrootsecretgatewaytestrootsecr";

    [Test]
    public async Task AssumeRole_TrustNamesCaller_TemporaryCredentialsCreateAndListBuckets()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });

        var (exit, output, errors) = await Python.RunAsync("reference_assume_role.py", host.Url, RootKey, RootSecret, "fixed");

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["roleArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::role/S3Access"));
        Assert.That(result["assumedRoleArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/S3Access/Bob"));
        Assert.That(result["createBucketStatus"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(result["buckets"]!.AsArray().Select(b => b!.GetValue<string>()), Is.EqualTo(new[] { "my-bucket" }));
    }

    [Test]
    public async Task AssumeRole_TrustAsPrintedNamesAnotherUser_AccessDenied()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });

        var (exit, output, errors) = await Python.RunAsync("reference_assume_role.py", host.Url, RootKey, RootSecret, "as-printed");

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["assumeRole"]!["code"]!.GetValue<string>(), Is.EqualTo("AccessDenied"));
        Assert.That(result["assumeRole"]!["status"]!.GetValue<int>(), Is.EqualTo(403));
        Assert.That(result["assumedRoleArn"], Is.Null);
    }
}
