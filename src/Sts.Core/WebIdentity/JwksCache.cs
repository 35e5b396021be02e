using System.Collections.Concurrent;

namespace Sts.Core.WebIdentity;

/// <summary>
/// Per-issuer cache of verification keys, driven by the injected <see cref="TimeProvider"/>:
/// a key set is used for <see cref="WebIdentityOptions.KeyRefreshInterval"/>, then fetched again;
/// concurrent callers share one fetch; fetches caused by unknown kids or retried after failures
/// are at most one per <see cref="WebIdentityOptions.MinimumUnknownKeyRefreshInterval"/>; when the
/// provider cannot be reached the last good set stays usable for
/// <see cref="WebIdentityOptions.LastGoodKeysGracePeriod"/> past its refresh time.
/// </summary>
internal sealed class JwksCache
{
    /// <summary>Fetches a key set: the result, or a one-line reason for the failure.</summary>
    internal delegate Task<(ProviderKeySet? Keys, string? Failure)> Fetcher(string issuerUrl);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly WebIdentityOptions _options;
    private readonly TimeProvider _time;
    private readonly Fetcher _fetch;

    internal JwksCache(WebIdentityOptions options, TimeProvider time, Fetcher fetch)
    {
        _options = options;
        _time = time;
        _fetch = Telemetry.StsTelemetry.MeasuredJwksFetch(fetch);
    }

    /// <summary>The usable key set of an issuer, fetching it when missing or due.</summary>
    internal ValueTask<StsResult<ProviderKeySet>> GetAsync(string issuerUrl, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(issuerUrl, static _ => new Entry());
        var current = entry.Current;
        if (current is not null && _time.GetUtcNow() < current.FetchedAt + _options.KeyRefreshInterval)
        {
            return ValueTask.FromResult(StsResult<ProviderKeySet>.Success(current));
        }

        return RefreshThenGetAsync(issuerUrl, entry, cancellationToken);
    }

    /// <summary>
    /// Called when a token names a kid the cached set lacks: fetches again unless a fetch happened
    /// less than the minimum interval ago (then the cached set is returned unchanged).
    /// </summary>
    internal async ValueTask<ProviderKeySet?> RefreshForUnknownKeyAsync(string issuerUrl, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(issuerUrl, static _ => new Entry());
        var fetch = StartFetchIfAllowed(issuerUrl, entry);
        if (fetch is not null)
        {
            await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return entry.Current;
    }

    private async ValueTask<StsResult<ProviderKeySet>> RefreshThenGetAsync(string issuerUrl, Entry entry, CancellationToken cancellationToken)
    {
        var fetch = StartFetchIfAllowed(issuerUrl, entry);
        if (fetch is not null)
        {
            await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var current = entry.Current;
        if (current is not null && _time.GetUtcNow() < current.FetchedAt + _options.KeyRefreshInterval + _options.LastGoodKeysGracePeriod)
        {
            return current;
        }

        return WebIdentityErrors.Communication(
            $"Couldn't retrieve verification keys from your identity provider: {entry.LastFailure ?? "no keys fetched yet"}");
    }

    /// <summary>The running fetch, a new one when the last attempt is old enough, or null.</summary>
    private Task? StartFetchIfAllowed(string issuerUrl, Entry entry)
    {
        lock (entry)
        {
            if (entry.InFlight is { } running)
            {
                return running;
            }

            var now = _time.GetUtcNow();
            if (entry.LastAttempt is { } last && now - last < _options.MinimumUnknownKeyRefreshInterval)
            {
                return null;
            }

            entry.LastAttempt = now;
            var task = FetchAsync(issuerUrl, entry);
            entry.InFlight = task.IsCompleted ? null : task;
            return task;
        }
    }

    private async Task FetchAsync(string issuerUrl, Entry entry)
    {
        (ProviderKeySet? Keys, string? Failure) result;
        try
        {
            result = await _fetch(issuerUrl).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result = (null, "the keys could not be fetched (" + exception.GetType().Name + ")");
        }

        lock (entry)
        {
            if (result.Keys is not null)
            {
                entry.Current = result.Keys;
                entry.LastFailure = null;
            }
            else
            {
                entry.LastFailure = result.Failure;
            }

            entry.InFlight = null;
        }
    }

    private sealed class Entry
    {
        public volatile ProviderKeySet? Current;
        public DateTimeOffset? LastAttempt;
        public Task? InFlight;
        public string? LastFailure;
    }
}
