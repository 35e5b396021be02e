using System.Collections.Immutable;
using System.Reflection;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Protocol;

/// <summary>
/// Answers parsed Query requests with the real services: STS actions are bound to <see cref="StsService"/>, IAM actions
/// to the <see cref="IamService"/> method of the same name (its request record is filled from the parsed input by
/// member name), and results are mapped onto the model's output shape for <see cref="QueryResponseWriter"/>. An action
/// with no binding answers <c>NotImplemented</c> (501) naming it.
/// </summary>
public sealed class QueryDispatcher
{
    private static readonly Dictionary<string, IamBinding> IamBindings = DiscoverIamBindings();

    private readonly StsService _sts;
    private readonly IamService _iam;

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="sts">The STS service.</param>
    /// <param name="iam">The IAM service.</param>
    public QueryDispatcher(StsService sts, IamService iam)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(iam);
        _sts = sts;
        _iam = iam;
    }

    /// <summary>The IAM actions this dispatcher answers.</summary>
    public static IReadOnlyCollection<string> IamActions => IamBindings.Keys;

    /// <summary>The STS actions this dispatcher answers.</summary>
    public static IReadOnlyCollection<string> StsActions { get; } = ["AssumeRole", "AssumeRoleWithWebIdentity", "GetSessionToken", "GetCallerIdentity", "GetAccessKeyInfo", "DecodeAuthorizationMessage"];

    /// <summary>Runs one request. <c>AssumeRoleWithWebIdentity</c> needs no caller (its token is the credential, and a
    /// signature on it is ignored, as AWS ignores it); every other action needs an authenticated caller.</summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="caller">The caller; null only for operations the model marks unauthenticated.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The output structure (null for an empty result), or the service's error.</returns>
    public async ValueTask<StsResult<QueryStructure?>> DispatchAsync(QueryRequest request, AuthenticatedCaller? caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.Operation;
        if (ReferenceEquals(request.Service, QueryServiceModel.Sts) && operation.Name == "AssumeRoleWithWebIdentity")
        {
            return await AssumeRoleWithWebIdentityAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (caller is null)
        {
            return NotImplemented(request);
        }

        if (ReferenceEquals(request.Service, QueryServiceModel.Sts))
        {
            return await DispatchStsAsync(request, caller.Caller, cancellationToken).ConfigureAwait(false);
        }

        if (!IamBindings.TryGetValue(operation.Name, out var binding))
        {
            return NotImplemented(request);
        }

        var scope = Telemetry.StsTelemetry.StartOperation("IAM", operation.Name);
        var arguments = binding.Bind(request.Input);
        var task = binding.Method.Invoke(_iam, [caller.Principal, arguments, cancellationToken])!;
        var (error, value) = await binding.AwaitAsync(task).ConfigureAwait(false);
        scope.Complete(error);
        return error is not null ? StsResult<QueryStructure?>.Failure(error) : QueryOutputMapper.Map(operation, value);
    }

    private async ValueTask<StsResult<QueryStructure?>> DispatchStsAsync(QueryRequest request, StsCaller caller, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var operation = request.Operation;
        switch (operation.Name)
        {
            case "GetCallerIdentity":
                return QueryOutputMapper.Map(operation, _sts.GetCallerIdentity(caller));
            case "AssumeRole":
                {
                    var result = await _sts.AssumeRoleAsync(caller, new AssumeRoleRequest
                    {
                        RoleArn = input.GetString("RoleArn")!,
                        RoleSessionName = input.GetString("RoleSessionName")!,
                        DurationSeconds = input.GetInt32("DurationSeconds"),
                        Policy = input.GetString("Policy"),
                        PolicyArns = [.. (input.GetStructureList("PolicyArns") ?? []).Select(p => p.GetString("arn")!)],
                        Tags = [.. (input.GetStructureList("Tags") ?? []).Select(t => new SessionTag(t.GetString("Key")!, t.GetString("Value")!))],
                        TransitiveTagKeys = [.. input.GetStringList("TransitiveTagKeys") ?? []],
                        ExternalId = input.GetString("ExternalId"),
                        SerialNumber = input.GetString("SerialNumber"),
                        TokenCode = input.GetString("TokenCode"),
                        SourceIdentity = input.GetString("SourceIdentity"),
                    }, cancellationToken).ConfigureAwait(false);
                    return result.IsSuccess ? QueryOutputMapper.Map(operation, result.Value) : StsResult<QueryStructure?>.Failure(result.Error!);
                }

            case "GetSessionToken":
                {
                    var result = await _sts.GetSessionTokenAsync(caller, new GetSessionTokenRequest
                    {
                        DurationSeconds = input.GetInt32("DurationSeconds"),
                        SerialNumber = input.GetString("SerialNumber"),
                        TokenCode = input.GetString("TokenCode"),
                    }, cancellationToken).ConfigureAwait(false);
                    return result.IsSuccess ? QueryOutputMapper.Map(operation, result.Value) : StsResult<QueryStructure?>.Failure(result.Error!);
                }

            case "GetAccessKeyInfo":
                {
                    var result = await _sts.GetAccessKeyInfoAsync(caller, input.GetString("AccessKeyId"), cancellationToken).ConfigureAwait(false);
                    return result.IsSuccess ? new QueryStructure([new("Account", result.Value)]) : StsResult<QueryStructure?>.Failure(result.Error!);
                }

            case "DecodeAuthorizationMessage":
                {
                    var result = await _sts.DecodeAuthorizationMessageAsync(caller, input.GetString("EncodedMessage"), cancellationToken).ConfigureAwait(false);
                    return result.IsSuccess ? new QueryStructure([new("DecodedMessage", result.Value)]) : StsResult<QueryStructure?>.Failure(result.Error!);
                }

            default:
                return NotImplemented(request);
        }
    }

    private async ValueTask<StsResult<QueryStructure?>> AssumeRoleWithWebIdentityAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var result = await _sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = input.GetString("RoleArn")!,
            RoleSessionName = input.GetString("RoleSessionName")!,
            WebIdentityToken = input.GetString("WebIdentityToken")!,
            ProviderId = input.GetString("ProviderId"),
            DurationSeconds = input.GetInt32("DurationSeconds"),
            Policy = input.GetString("Policy"),
            PolicyArns = [.. (input.GetStructureList("PolicyArns") ?? []).Select(p => p.GetString("arn")!)],
        }, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? QueryOutputMapper.Map(request.Operation, result.Value) : StsResult<QueryStructure?>.Failure(result.Error!);
    }

    private static StsResult<QueryStructure?> NotImplemented(QueryRequest request) =>
        StsResult<QueryStructure?>.Failure(new StsError("NotImplemented", $"{request.Operation.Name} is not implemented by this endpoint.", 501));

    /// <summary>Every public <c>XAsync(IamPrincipal, XRequest, CancellationToken)</c> of <see cref="IamService"/> whose
    /// request record's constructor takes only types the binder reads.</summary>
    private static Dictionary<string, IamBinding> DiscoverIamBindings()
    {
        var bindings = new Dictionary<string, IamBinding>(StringComparer.Ordinal);
        foreach (var method in typeof(IamService).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameters = method.GetParameters();
            if (!method.Name.EndsWith("Async", StringComparison.Ordinal) || parameters.Length != 3
                || parameters[0].ParameterType != typeof(Accounts.IamPrincipal) || parameters[2].ParameterType != typeof(CancellationToken)
                || parameters[1].ParameterType.Name != method.Name[..^"Async".Length] + "Request")
            {
                continue;
            }

            var constructor = parameters[1].ParameterType.GetConstructors().SingleOrDefault();
            if (constructor is null || !constructor.GetParameters().All(p => IamBinding.CanRead(p.ParameterType)))
            {
                continue;
            }

            bindings[method.Name[..^"Async".Length]] = new IamBinding(method, constructor);
        }

        return bindings;
    }

    private sealed class IamBinding(MethodInfo method, ConstructorInfo constructor)
    {
        private readonly PropertyInfo _resultProperty = method.ReturnType.GetProperty("Result")!;

        public MethodInfo Method => method;

        public static bool CanRead(Type type) =>
            (Nullable.GetUnderlyingType(type) ?? type) is var t
            && (t == typeof(string) || t == typeof(int) || t == typeof(bool) || t == typeof(AccessKeyStatus)
                || t == typeof(IReadOnlyList<string>) || t == typeof(IReadOnlyList<IamTag>));

        public object Bind(QueryStructure input)
        {
            var parameters = constructor.GetParameters();
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                var name = parameter.Name!;
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                object? value = !input.Contains(name) ? null
                    : type == typeof(string) ? input.GetString(name)
                    : type == typeof(int) ? input.GetInt32(name)
                    : type == typeof(bool) ? input.GetBoolean(name)
                    : type == typeof(AccessKeyStatus) ? Enum.Parse<AccessKeyStatus>(input.GetString(name)!)
                    : type == typeof(IReadOnlyList<string>) ? input.GetStringList(name)
                    : (input.GetStructureList(name) ?? []).Select(t => new IamTag(t.GetString("Key")!, t.GetString("Value") ?? string.Empty)).ToArray();
                arguments[i] = value ?? (parameter.HasDefaultValue ? parameter.DefaultValue : EmptyFor(type));
            }

            return constructor.Invoke(arguments);
        }

        public async ValueTask<(StsError? Error, object? Value)> AwaitAsync(object valueTask)
        {
            var task = (Task)method.ReturnType.GetMethod("AsTask")!.Invoke(valueTask, null)!;
            await task.ConfigureAwait(false);
            var result = _resultProperty.PropertyType.GetProperty("Error")!.GetValue(task.GetType().GetProperty("Result")!.GetValue(task)) as StsError;
            var outcome = task.GetType().GetProperty("Result")!.GetValue(task)!;
            return result is not null ? (result, null) : (null, outcome.GetType().GetProperty("Value")!.GetValue(outcome));
        }

        private static object? EmptyFor(Type type) =>
            type == typeof(IReadOnlyList<string>) ? Array.Empty<string>()
            : type == typeof(IReadOnlyList<IamTag>) ? Array.Empty<IamTag>()
            : null;
    }
}
