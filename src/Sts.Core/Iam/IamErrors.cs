namespace Sts.Core.Iam;

/// <summary>The IAM errors, with AWS's codes, HTTP statuses and message shapes. Messages quote input truncated.</summary>
internal static class IamErrors
{
    public static StsError NoSuchEntity(string message) => new("NoSuchEntity", message, 404);

    public static StsError EntityAlreadyExists(string message) => new("EntityAlreadyExists", message, 409);

    public static StsError DeleteConflict(string message) => new("DeleteConflict", message, 409);

    public static StsError LimitExceeded(string message) => new("LimitExceeded", message, 409);

    public static StsError InvalidInput(string message) => new("InvalidInput", message, 400);

    public static StsError MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", message, 400);

    public static StsError AccessDenied(string callerArn, string action, string resourceArn) =>
        new("AccessDenied", $"User: {callerArn} is not authorized to perform: {action} on resource: {resourceArn}", 403);

    public static StsError NoSuchRole(string name) => NoSuchEntity($"The role with name {Quote(name)} cannot be found.");

    public static StsError NoSuchUser(string name) => NoSuchEntity($"The user with name {Quote(name)} cannot be found.");

    public static StsError NoSuchPolicy(string arn) => NoSuchEntity($"Policy {Quote(arn)} was not found.");

    public static StsError NotAttachable(string arn) => NoSuchEntity($"Policy {Quote(arn)} does not exist or is not attachable.");

    public static StsError NoSuchOidcProvider(string arn) => NoSuchEntity($"OpenIDConnect Provider not found for arn {Quote(arn)}");

    public static string Quote(string? value) =>
        value is null ? "null" : value.Length <= 128 ? value : string.Concat(value.AsSpan(0, 128), "...");
}
