// A consumer of the packed Sts packages: Sts.Core brings Sts.Policy and Sts.SigV4 as package dependencies.
using Sts.Core.Tokens;
using Sts.Policy;
using Sts.Policy.Evaluation;
using Sts.SigV4;

const string Policy = """
    {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}}
    """;
var parsed = PolicyParser.Parse(Policy, PolicyKind.Identity);
var policy = CompiledPolicy.Compile(parsed.Document!, "consumer", PolicySource.Identity);
var input = new PolicyEvaluationInput { IdentityPolicies = new PolicySet([policy]) };
RequestPrincipal.TryFromArn("arn:aws:iam::111122223333:user/alice", out var alice, out _);
var own = new RequestContextBuilder().WithPrincipal(alice!).WithAction("s3:GetObject").WithResource("arn:aws:s3:::b/alice/x").AddPrincipalKeys().Build();
var other = new RequestContextBuilder().WithPrincipal(alice!).WithAction("s3:GetObject").WithResource("arn:aws:s3:::b/bob/x").AddPrincipalKeys().Build();
Console.WriteLine($"policy: own={PolicyEvaluator.Evaluate(input, own)} other={PolicyEvaluator.Evaluate(input, other)}");
Console.WriteLine($"sigv4: default region {new SigV4VerifierOptions().ServerRegion}");
Console.WriteLine($"core: key ring with {SessionKeyRing.CreateWithNewKey().KeyIds.Count} key");
