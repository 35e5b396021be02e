using System.Collections.Frozen;
using System.Globalization;

namespace Sts.Core.Tokens;

/// <summary>
/// Revocation without per-session state: "sessions of this role (or user) issued before T are revoked".
/// AWS implements the same thing as an inline policy on the role denying everything when
/// <c>aws:TokenIssueTime</c> is before T; Sts checks it when a token is opened and answers
/// <c>AccessDenied</c>. One entry per role or user, so the list stays tiny. Thread-safe.
/// </summary>
public sealed class SessionRevocationList
{
    private readonly object _gate = new();
    private volatile FrozenDictionary<string, DateTimeOffset> _cutoffs = FrozenDictionary<string, DateTimeOffset>.Empty;

    /// <summary>Every entry: role or user ARN (compared ignoring case) → sessions issued before this instant are revoked.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Entries => _cutoffs;

    /// <summary>
    /// Revokes every session of <paramref name="principalArn"/> issued before <paramref name="cutoff"/>. Session issue
    /// times are whole seconds, so the cutoff is rounded up to the next whole second (a session issued in the same second
    /// is revoked too: failing closed). A later call moves the cutoff only forward.
    /// </summary>
    /// <param name="principalArn">A role ARN (revokes its role sessions) or a user ARN (revokes its GetSessionToken sessions).</param>
    /// <param name="cutoff">Sessions issued before this instant are revoked.</param>
    public void RevokeSessionsIssuedBefore(string principalArn, DateTimeOffset cutoff)
    {
        ArgumentException.ThrowIfNullOrEmpty(principalArn);
        var utc = cutoff.ToUniversalTime();
        var remainder = utc.Ticks % TimeSpan.TicksPerSecond;
        var rounded = new DateTimeOffset(remainder == 0 ? utc.Ticks : utc.Ticks - remainder + TimeSpan.TicksPerSecond, TimeSpan.Zero);
        lock (_gate)
        {
            var entries = new Dictionary<string, DateTimeOffset>(_cutoffs, StringComparer.OrdinalIgnoreCase);
            if (!entries.TryGetValue(principalArn, out var existing) || existing < rounded)
            {
                entries[principalArn] = rounded;
            }

            _cutoffs = entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Drops the entry for <paramref name="principalArn"/> (for example once the role's longest sessions have expired).</summary>
    /// <param name="principalArn">The role or user ARN.</param>
    /// <returns>True when there was an entry.</returns>
    public bool Remove(string principalArn)
    {
        lock (_gate)
        {
            var entries = new Dictionary<string, DateTimeOffset>(_cutoffs, StringComparer.OrdinalIgnoreCase);
            var removed = entries.Remove(principalArn);
            _cutoffs = entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
            return removed;
        }
    }

    /// <summary>The <c>AccessDenied</c> error when <paramref name="session"/> is revoked; null when it is not.</summary>
    /// <param name="session">An opened session.</param>
    /// <returns>The error, or null.</returns>
    public StsError? FindRevocation(SessionState session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var cutoffs = _cutoffs;
        if (cutoffs.Count == 0)
        {
            return null;
        }

        var arn = session.IsRoleSession ? session.RoleArn : session.CallerArn;
        if (arn is null || !cutoffs.TryGetValue(arn, out var cutoff) || session.IssuedAt >= cutoff)
        {
            return null;
        }

        return new StsError(
            "AccessDenied",
            string.Create(CultureInfo.InvariantCulture, $"User: {session.PrincipalArn} is not authorized: sessions of {arn} issued before {cutoff:yyyy-MM-ddTHH:mm:ssZ} are revoked (aws:TokenIssueTime {session.IssuedAt:yyyy-MM-ddTHH:mm:ssZ})."),
            403);
    }
}
