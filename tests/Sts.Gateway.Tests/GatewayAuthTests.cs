namespace Sts.Gateway.Tests;

/// <summary>The shipped authorizer: SigV4 verification and the policy evaluator, driven by boto3 and botocore's signer.</summary>
public sealed class GatewayAuthTests
{
    [Test]
    public async Task S3Surface_SignedUnsignedAndTamperedRequests_AreAuthenticatedAndAuthorizedAsS3Does()
    {
        await using var host = await GatewayHost.StartAsync(_ => { }, null,
        [
            .. GatewayStorageTests.SecondAccount,
            "--Gateway:Accounts:1:Id", "210987654321",
            "--Gateway:Accounts:1:RootAccessKeyId", "AKIATHIRDACCOUNT0001",
            "--Gateway:Accounts:1:RootSecretAccessKey", "thirdaccountrootsecretthirdaccountroot00",
        ]);

        var (exit, output, errors) = await Python.RunAsync("s3_auth.py", host.Url, "AKIASECONDACCOUNT001", "secondaccountrootsecretsecondaccountroot", "AKIATHIRDACCOUNT0001", "thirdaccountrootsecretthirdaccountroot00");

        Assert.That(exit, Is.EqualTo(0), errors);
        Assert.That(output.Trim(), Is.EqualTo("ok"));
    }
}
