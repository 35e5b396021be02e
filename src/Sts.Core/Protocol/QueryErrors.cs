namespace Sts.Core.Protocol;

/// <summary>The errors of the Query protocol layer, with AWS's codes.</summary>
internal static class QueryErrors
{
    public static StsError MalformedQueryString(string pair) =>
        new("MalformedQueryString", $"The parameter '{Quote(pair)}' is not valid form encoding (percent-encoded UTF-8 expected).");

    public static StsError DuplicateParameter(string name) =>
        new("InvalidParameterValue", $"The parameter {Quote(name)} appears more than once.");

    public static StsError TooManyParameters(int max) =>
        new("InvalidParameterValue", $"The request has more than {max} parameters.");

    public static StsError RequestTooLarge(int size, int max) =>
        new("RequestEntityTooLarge", $"The request is {size} bytes; at most {max} bytes are accepted.", 413);

    public static StsError MissingAction() =>
        new("MissingAction", "The request must contain the parameter Action.");

    public static StsError MissingVersion() =>
        new("MissingParameter", "The request must contain the parameter Version.");

    public static StsError InvalidAction(string action, string version) =>
        new("InvalidAction", $"Could not find operation {Quote(action)} for version {Quote(version)}.");

    public static StsError MissingParameter(string wireName) =>
        new("MissingParameter", $"The request must contain the parameter {wireName}.");

    public static StsError InvalidValue(string wireName, string value, string expected) =>
        new("InvalidParameterValue", $"Value '{Quote(value)}' for parameter {wireName} is invalid: {expected}.");

    public static StsError InvalidList(string wireName, string detail) =>
        new("InvalidParameterValue", $"The list {wireName} is invalid: {detail}.");

    public static StsError Validation(IReadOnlyList<string> failures) =>
        new("ValidationError", $"{failures.Count} validation error{(failures.Count == 1 ? string.Empty : "s")} detected: {string.Join("; ", failures)}");

    /// <summary>Truncates user input quoted in a message to 64 characters.</summary>
    public static string Quote(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
}
