using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sts.Core.Accounts;
using Sts.Core.DependencyInjection;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.SigV4;

namespace Sts.Core.Tests.DependencyInjection;

/// <summary>What a host such as the sample gateway takes from <c>AddSts</c>: loggers of its own for the STS service and
/// the credential resolver, and the Ceph profile of the STS decider.</summary>
public class AddStsHostTests
{
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    private const string TrustIamFormSession = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:assumed-role/First/s1"},"Action":"sts:AssumeRole"}]}""";
    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse("123456789012"));

    [Test]
    public async Task AddSts_LoggingRegistered_StsServiceAndCredentialResolverLogUnderTheirOwnTypes()
    {
        var entries = new ConcurrentQueue<(string Category, int EventId)>();
        var services = new ServiceCollection();
        services.AddSingleton(entries);
        services.AddSingleton(typeof(ILogger<>), typeof(CapturingLogger<>));
        services.AddSts();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IamService>().CreateRoleAsync(Root, new CreateRoleRequest("First", TrustAccount));

        var assumed = await provider.GetRequiredService<StsService>().AssumeRoleAsync(
            StsCaller.ForAccountRoot("123456789012"), new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/First", RoleSessionName = "s1" });
        var unknown = await provider.GetRequiredService<ICredentialResolver>().ResolveAsync("AKIAUNKNOWNKEY000001", null, CancellationToken.None);

        assumed.IsSuccess.Should().BeTrue(assumed.Error?.ToString());
        unknown.IsSuccess.Should().BeFalse();
        entries.Should().Contain((typeof(StsService).FullName!, 1001), "StsService logs each operation (event 1001 on success)");
        entries.Should().Contain((typeof(StsCredentialResolver).FullName!, 2003), "the resolver logs an access key it cannot resolve");
    }

    [TestCase(CephCompatibility.None, false, TestName = "AddSts_DeciderAwsProfile_IamFormSessionArnInTrustIsNotTheSession")]
    [TestCase(CephCompatibility.IamFormSessionArn, true, TestName = "AddSts_DeciderCephProfile_IamFormSessionArnInTrustNamesTheSession")]
    public async Task AddSts_DeciderCephCompatibility_ReachesTheTrustDecision(CephCompatibility profile, bool allowed)
    {
        var services = new ServiceCollection();
        services.AddSts(sts =>
        {
            sts.DeciderCephCompatibility = profile;
            sts.Iam = new IamServiceOptions { CephCompatibility = profile };
        });
        await using var provider = services.BuildServiceProvider();
        var iam = provider.GetRequiredService<IamService>();
        (await iam.CreateRoleAsync(Root, new CreateRoleRequest("First", TrustAccount))).IsSuccess.Should().BeTrue();
        (await iam.CreateRoleAsync(Root, new CreateRoleRequest("Second", TrustIamFormSession))).IsSuccess.Should().BeTrue();
        var sts = provider.GetRequiredService<StsService>();
        var first = await sts.AssumeRoleAsync(StsCaller.ForAccountRoot("123456789012"), new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/First", RoleSessionName = "s1" });

        var second = await sts.AssumeRoleAsync(StsCaller.ForSession(first.Value.Session), new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Second", RoleSessionName = "s2" });

        second.IsSuccess.Should().Be(allowed, second.Error?.ToString());
        if (!allowed)
        {
            second.Error!.Code.Should().Be("AccessDenied");
        }
    }

    private sealed class CapturingLogger<T>(ConcurrentQueue<(string Category, int EventId)> entries) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((typeof(T).FullName!, eventId.Id));
    }
}
