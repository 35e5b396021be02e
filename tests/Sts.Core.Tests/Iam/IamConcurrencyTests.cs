using Microsoft.Data.Sqlite;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tests.Stores;

namespace Sts.Core.Tests.Iam;

/// <summary>Multi-record writes (a role and the attachment counters of its policies) stay consistent under contention, on every store.</summary>
public sealed class IamConcurrencyTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    [TestCase("memory")]
    [TestCase("sqlite")]
    public async Task AttachDetach_EightThreadsOnOneRole_CountersMatchAttachments(string storeKind)
    {
        var directory = Directory.CreateTempSubdirectory("sts-concurrency-").FullName;
        IIamStore store = storeKind == "memory" ? new InMemoryIamStore() : SqliteIamStoreContractTests.OpenStore(directory);
        try
        {
            var iam = new IamService(store, new IamServiceOptions { ConcurrencyRetries = 0 });
            var root = IamPrincipal.Root(AccountId.Parse("123456789012"));
            (await iam.CreateRoleAsync(root, new CreateRoleRequest("Shared", Trust))).IsSuccess.Should().BeTrue();
            var arns = new string[8];
            for (var i = 0; i < arns.Length; i++)
            {
                arns[i] = (await iam.CreatePolicyAsync(root, new CreatePolicyRequest($"P{i}", Policy))).Value.Arn;
            }

            var refused = 0;
            var unexpected = new System.Collections.Concurrent.ConcurrentBag<string>();
            var workers = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
            {
                for (var round = 0; round < 60; round++)
                {
                    var attach = await iam.AttachRolePolicyAsync(root, new AttachRolePolicyRequest("Shared", arns[t]));
                    var detach = await iam.DetachRolePolicyAsync(root, new DetachRolePolicyRequest("Shared", arns[t]));
                    foreach (var result in new[] { attach, detach })
                    {
                        if (result.IsSuccess)
                        {
                            continue;
                        }

                        if (result.Error.Code == "ConcurrentModification")
                        {
                            Interlocked.Increment(ref refused);
                        }
                        else if (result.Error.Code != "NoSuchEntity")
                        {
                            unexpected.Add(result.Error.ToString());
                        }
                    }
                }
            })).ToArray();
            await Task.WhenAll(workers);

            unexpected.Should().BeEmpty();
            var attached = (await iam.ListAttachedRolePoliciesAsync(root, new ListAttachedRolePoliciesRequest("Shared"))).Value.Items.Select(a => a.PolicyArn).ToHashSet();
            var fresh = new IamService(store);
            foreach (var arn in arns)
            {
                var count = (await fresh.GetPolicyAsync(root, new GetPolicyRequest(arn))).Value.AttachmentCount;
                count.Should().Be(attached.Contains(arn) ? 1 : 0, "the counter of {0} must match the role's attachments", arn);
            }

            TestContext.Out.WriteLine($"{storeKind}: {refused} writes refused with ConcurrentModification");
        }
        finally
        {
            (store as IDisposable)?.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
