using Sts.Core.Accounts;

namespace Sts.Core.Iam;

/// <summary>An access key resolved for request signing: who it belongs to, whether it is active, and its secret.</summary>
internal sealed record AccessKeyCredential(string AccessKeyId, IamPrincipal Principal, AccessKeyStatus Status, string SecretAccessKey)
{
    public override string ToString() => $"AccessKeyCredential {{ AccessKeyId = {AccessKeyId}, Principal = {Principal.Arn}, Status = {Status} }}";
}
