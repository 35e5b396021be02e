using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Diagnostics.CodeAnalysis;

namespace Sts.Policy.Evaluation;

/// <summary>Builds an immutable <see cref="RequestContext"/>. Context keys are case-insensitive; adding a key twice replaces its values.</summary>
public sealed class RequestContextBuilder
{
    private readonly Dictionary<string, ImmutableArray<ContextValue>> _values = new(16, StringComparer.OrdinalIgnoreCase);
    private RequestPrincipal _principal = RequestPrincipal.Anonymous;
    private string _action = "*";
    private string _resource = "*";

    /// <summary>Sets the principal (default: anonymous).</summary>
    /// <param name="principal">The principal.</param>
    /// <returns>This builder.</returns>
    public RequestContextBuilder WithPrincipal(RequestPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        _principal = principal;
        return this;
    }

    /// <summary>Sets the action, e.g. <c>s3:GetObject</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This builder.</returns>
    public RequestContextBuilder WithAction(string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        _action = action;
        return this;
    }

    /// <summary>Sets the resource ARN (default <c>*</c>).</summary>
    /// <param name="resource">The resource ARN or <c>*</c>.</param>
    /// <returns>This builder.</returns>
    public RequestContextBuilder WithResource(string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        _resource = resource;
        return this;
    }

    /// <summary>Sets a context key to one or more values.</summary>
    /// <param name="key">The key, e.g. <c>aws:SourceIp</c>.</param>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public RequestContextBuilder Add(string key, params ReadOnlySpan<ContextValue> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _values[key] = [.. values];
        return this;
    }

    /// <summary>Sets a context key to string values.</summary>
    /// <param name="key">The key.</param>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public RequestContextBuilder AddString(string key, params ReadOnlySpan<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var builder = ImmutableArray.CreateBuilder<ContextValue>(values.Length);
        foreach (var value in values)
        {
            builder.Add(ContextValue.FromString(value));
        }

        _values[key] = builder.MoveToImmutable();
        return this;
    }

    /// <summary>Sets a context key to values of <paramref name="type"/>, checking each one.</summary>
    /// <param name="key">The key.</param>
    /// <param name="type">How the values are read.</param>
    /// <param name="values">The values' texts.</param>
    /// <param name="error">A one-line message naming the key and quoting the first bad value.</param>
    /// <returns>True when every value can be read as <paramref name="type"/>; otherwise nothing is added.</returns>
    public bool TryAdd(string key, ContextValueType type, IReadOnlyList<string> values, [NotNullWhen(false)] out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(values);
        var parsed = new ContextValue[values.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            if (!ContextValue.TryCreate(type, values[i], out var value, out var valueError))
            {
                error = $"Context key '{ContextValue.Truncate(key)}': {valueError}";
                return false;
            }

            parsed[i] = value;
        }

        _values[key] = ImmutableCollectionsMarshal.AsImmutableArray(parsed);
        error = null;
        return true;
    }

    /// <summary>
    /// Adds the keys AWS derives from the principal (<c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c>,
    /// <c>aws:PrincipalType</c>, <c>aws:userid</c>, <c>aws:username</c> for IAM users, <c>aws:PrincipalTag/*</c>)
    /// unless already set. Call it after <see cref="WithPrincipal"/>; simulation does not, since there
    /// only the supplied context entries count.
    /// </summary>
    /// <returns>This builder.</returns>
    public RequestContextBuilder AddPrincipalKeys()
    {
        var p = _principal;
        var arn = p.Kind == RequestPrincipalKind.RoleSession ? p.RoleArn ?? p.Arn : p.Arn;
        if (p.Kind is not (RequestPrincipalKind.Anonymous or RequestPrincipalKind.WebIdentity or RequestPrincipalKind.Service))
        {
            SetIfAbsent("aws:PrincipalArn", ContextValueType.Arn, arn);
            SetIfAbsent("aws:PrincipalAccount", ContextValueType.String, p.AccountId);
        }

        var type = p.Kind switch
        {
            RequestPrincipalKind.Anonymous => "Anonymous",
            RequestPrincipalKind.AccountRoot => "Account",
            RequestPrincipalKind.User => "User",
            RequestPrincipalKind.RoleSession => "AssumedRole",
            RequestPrincipalKind.FederatedUser => "FederatedUser",
            _ => null,
        };
        SetIfAbsent("aws:PrincipalType", ContextValueType.String, type);
        SetIfAbsent("aws:userid", ContextValueType.String, p.Kind == RequestPrincipalKind.Anonymous ? "anonymous" : p.UserId);
        if (p.Kind == RequestPrincipalKind.User)
        {
            SetIfAbsent("aws:username", ContextValueType.String, p.Name);
        }

        foreach (var (tagKey, tagValue) in p.Tags)
        {
            SetIfAbsent("aws:PrincipalTag/" + tagKey, ContextValueType.String, tagValue);
        }

        return this;
    }

    /// <summary>Builds the immutable request.</summary>
    /// <returns>The request.</returns>
    public RequestContext Build() =>
        new(_principal, _action, _resource, [.. _values]);

    private void SetIfAbsent(string key, ContextValueType type, string? value)
    {
        if (value is not null && !_values.ContainsKey(key))
        {
            _values[key] = [ContextValue.FromUnchecked(type, value)];
        }
    }
}
