using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Core.Accounts;
using Sts.Core.Stores;
using Sts.Policy;

namespace Sts.Core.Iam;

/// <summary>
/// The IAM API of Sts: users, access keys, roles, inline and managed policies, permissions boundaries and
/// OIDC providers, with the parameters, limits and error codes of AWS IAM (botocore's model). Every
/// operation takes the authenticated caller, authorizes it (the account root may do anything in its own
/// account; users and role sessions of the account need an identity policy allowing the <c>iam:</c> action on
/// the target's ARN, within their permissions boundary and session policies), validates the
/// request, and answers an <see cref="StsResult{T}"/>. Thread-safe. Reads go through an in-process cache
/// that every write through this service updates at once.
/// </summary>
/// <remarks>
/// Every operation may also answer <c>ValidationError</c> (400) for a parameter outside the model's
/// length, pattern or range, <c>AccessDenied</c> (403) when the caller may not act on the target, and
/// <c>ConcurrentModification</c> (409) when concurrent writers kept winning the race.
/// </remarks>
public sealed partial class IamService
{
    private const int DefaultMaxItems = 100;

    private readonly IamRepository _repository;
    private readonly IamAuthorizer _authorizer;
    private readonly IPolicyValidator _policyValidator;
    private readonly IamIdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly IamServiceOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service over a store.</summary>
    /// <param name="store">Where IAM entities live.</param>
    /// <param name="options">Quotas and cache options; AWS defaults when null.</param>
    /// <param name="timeProvider">The clock for creation dates and cache expiry; the system clock when null.</param>
    /// <param name="random">The random source of ids and secrets; a cryptographic one when null.</param>
    /// <param name="logger">Where writes are logged (never secrets); nothing when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public IamService(IIamStore store, IamServiceOptions? options = null, TimeProvider? timeProvider = null, RandomNumberGenerator? random = null, ILogger<IamService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new IamServiceOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _repository = new IamRepository(new IamStoreCache(store, _time, _options.CacheTimeToLive));
        _ids = new IamIdGenerator(random ?? RandomNumberGenerator.Create());
        _policyValidator = new ParserPolicyValidator(_options.MaxTrustPolicySize, _options.IgnoresIdentityPolicyPrincipal);
        _authorizer = new IamAuthorizer(GetEffectivePoliciesAsync, _time, _options.IgnoresIdentityPolicyPrincipal);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    internal IamRepository Repository => _repository;

    /// <summary>The validated options (the STS directory reads the Ceph profile and the OIDC URL rules from them).</summary>
    internal IamServiceOptions Options => _options;

    private DateTimeOffset Now
    {
        get
        {
            var now = _time.GetUtcNow();
            return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }
    }

    private ValueTask<StsError?> AuthorizeAsync(IamPrincipal caller, string action, string resourceArn, AccountId resourceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return _authorizer.AuthorizeAsync(caller, action, resourceArn, resourceAccount, cancellationToken);
    }

    /// <summary>
    /// Runs a read-modify-write: <paramref name="plan"/> reads the current state and returns the writes and the
    /// result; the writes are applied atomically; a lost optimistic-concurrency race re-plans from fresh state.
    /// </summary>
    private async ValueTask<StsResult<T>> MutateAsync<T>(string action, Func<ValueTask<StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)>>> plan, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var planned = await plan().ConfigureAwait(false);
            if (!planned.IsSuccess)
            {
                return planned.Error;
            }

            var (writes, result) = planned.Value;
            if (writes.Count == 0)
            {
                return result;
            }

            var written = await _repository.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
            if (written.IsSuccess)
            {
                LogWrite(_logger, action, writes[0].Key, null);
                return result;
            }

            if (attempt >= _options.ConcurrencyRetries)
            {
                LogWrite(_logger, action, writes[0].Key, written.Error.Code);
                return written.Error;
            }
        }
    }

    private static StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)> Plan<T>(T result, params StoreWrite[] writes) => (writes, result);

    private static StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)> Plan<T>(T result, IReadOnlyList<StoreWrite> writes) => (writes, result);

    private async ValueTask<IamPage<TOut>> ListStoredAsync<TEntry, TOut>(string prefix, string? marker, int? maxItems, Func<TEntry, bool> include, Func<TEntry, TOut> project, CancellationToken cancellationToken)
        where TEntry : class
    {
        var max = maxItems ?? DefaultMaxItems;
        var items = ImmutableArray.CreateBuilder<TOut>();
        var afterKey = marker is null ? null : prefix + marker;
        string? lastKey = null;
        while (true)
        {
            var (records, isTruncated) = await _repository.ListAsync<TEntry>(prefix, afterKey, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (!include(record.Value))
                {
                    continue;
                }

                if (items.Count == max)
                {
                    return new IamPage<TOut>(items.ToImmutable(), true, lastKey![prefix.Length..]);
                }

                items.Add(project(record.Value));
                lastKey = record.Key;
            }

            if (!isTruncated)
            {
                return new IamPage<TOut>(items.ToImmutable(), false, null);
            }

            afterKey = records[^1].Key;
        }
    }

    private static IamPage<T> PageOf<T>(IEnumerable<T> items, Func<T, string> sortKey, string? marker, int? maxItems)
    {
        var max = maxItems ?? DefaultMaxItems;
        var sorted = items.OrderBy(sortKey, StringComparer.Ordinal).Where(i => marker is null || string.CompareOrdinal(sortKey(i), marker) > 0).ToList();
        var page = sorted.Take(max).ToImmutableArray();
        return sorted.Count > max ? new IamPage<T>(page, true, sortKey(page[^1])) : new IamPage<T>(page, false, null);
    }

    private static int PolicySize(string document)
    {
        var size = 0;
        foreach (var c in document)
        {
            if (!char.IsWhiteSpace(c))
            {
                size++;
            }
        }

        return size;
    }

    private StsResult<bool> ValidatePolicy(string document, PolicyKind kind) => _policyValidator.Validate(document, kind);

    private static StsError? CheckTagKeysUnique(IReadOnlyList<IamTag>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in tags)
        {
            if (!keys.Add(tag.Key))
            {
                return IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }

            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                return IamErrors.InvalidInput($"Tag key '{IamErrors.Quote(tag.Key)}' uses the reserved prefix 'aws:'.");
            }
        }

        return null;
    }

    private static StsResult<ImmutableArray<IamTag>> MergeTags(ImmutableArray<IamTag> existing, IReadOnlyList<IamTag> added, string quotaName)
    {
        var merged = existing.ToList();
        foreach (var tag in added)
        {
            var index = merged.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                merged[index] = tag;
            }
            else
            {
                merged.Add(tag);
            }
        }

        return merged.Count > 50
            ? IamErrors.LimitExceeded($"Cannot exceed quota for {quotaName}: 50")
            : merged.ToImmutableArray();
    }

    private static ImmutableArray<IamTag> RemoveTags(ImmutableArray<IamTag> existing, IReadOnlyList<string> keys) =>
        existing.Where(t => !keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase)).ToImmutableArray();

    [LoggerMessage(EventId = 5001, EventName = "IamWrite", Level = LogLevel.Information, Message = "IAM {Action} on {Key}: {Failure}")]
    private static partial void LogWrite(ILogger logger, string action, string key, string? failure);
}
