// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*QueryProtocol*' --job short
using System.Text;
using BenchmarkDotNet.Attributes;
using Sts.Core.Protocol;

namespace Sts.Benchmarks.Core;

/// <summary>The Query codec on the hot path of every STS call: parse an AssumeRole body as boto3 sends it,
/// write the AssumeRole response, and (as the peer) decode the same form with the BCL's HttpUtility-free
/// <see cref="System.Net.WebUtility"/> split, which does no model validation at all.</summary>
[MemoryDiagnoser]
public class QueryProtocolBenchmarks
{
    private static readonly byte[] AssumeRoleBody = Encoding.UTF8.GetBytes(
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FS3Access&RoleSessionName=Bob"
        + "&DurationSeconds=3600&Tags.member.1.Key=Department&Tags.member.1.Value=Engineering&TransitiveTagKeys.member.1=Department"
        + "&Policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3A*%22%7D%7D");

    private readonly QueryProtocol _protocol = new();
    private QueryOperation _assumeRole = null!;
    private QueryStructure _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _assumeRole = QueryServiceModel.Sts.FindOperation("AssumeRole")!;
        var credentials = new QueryStructure([
            new("AccessKeyId", "ASIAIOSFODNN7EXAMPLE"),
            new("SecretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"),
            new("SessionToken", new string('A', 600)),
            new("Expiration", new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero)),
        ]);
        var user = new QueryStructure([new("AssumedRoleId", "AROACLKWSDQRAOEXAMPLE:Bob"), new("Arn", "arn:aws:sts::123456789012:assumed-role/S3Access/Bob")]);
        _output = new QueryStructure([new("Credentials", credentials), new("AssumedRoleUser", user), new("PackedPolicySize", 6)]);
        if (!_protocol.Parse(AssumeRoleBody).IsSuccess)
        {
            throw new InvalidOperationException("the benchmark body does not parse");
        }
    }

    [Benchmark(Baseline = true)]
    public int PeerFormSplitOnly()
    {
        var count = 0;
        foreach (var pair in Encoding.UTF8.GetString(AssumeRoleBody).Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            count += System.Net.WebUtility.UrlDecode(pair[(equals + 1)..]).Length;
        }

        return count;
    }

    [Benchmark]
    public QueryParseResult ParseAssumeRole() => _protocol.Parse(AssumeRoleBody);

    [Benchmark]
    public string WriteAssumeRoleResponse() => QueryResponseWriter.WriteResult(_assumeRole, _output, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
}
