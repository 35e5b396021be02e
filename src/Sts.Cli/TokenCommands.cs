using System.Globalization;
using Sts.Core.Tokens;

namespace Sts.Cli;

/// <summary>
/// The <c>sts token</c> command group. <c>sts token inspect</c> opens a session token with the key ring (through
/// <see cref="SessionTokenSealer.Open"/>, the same public call the service makes) and prints what the session holds,
/// never its secret access key: for operators working out why a request was denied.
/// </summary>
internal static class TokenCommands
{
    /// <summary>The environment variable naming the key ring file when <c>--key-ring</c> is not given.</summary>
    internal const string KeyRingVariable = "STS_KEY_RING_FILE";

    internal const string InspectUsage = "usage: sts token inspect --access-key-id ASIA... [--key-ring FILE] [TOKEN|-]   (key ring: --key-ring or $" + KeyRingVariable + ")";

    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider time)
    {
        if (args.Length == 0 || args[0] != "inspect")
        {
            stderr.WriteLine(args.Length == 0 ? "error: missing token sub-command" : $"error: unknown token sub-command '{args[0]}'");
            stderr.WriteLine(InspectUsage);
            return CommandLine.UsageError;
        }

        return Inspect(args[1..], stdin, stdout, stderr, environment, time);
    }

    /// <summary>Exit 0 when the token opened (expired or not), 1 when it does not open with this ring, 2 on a usage error or an unusable key ring.</summary>
    internal static int Inspect(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider time)
    {
        string? keyRingFile = null;
        string? accessKeyId = null;
        string? token = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                stdout.WriteLine(InspectUsage);
                return CommandLine.Success;
            }

            if (arg is "--key-ring" or "--access-key-id")
            {
                if (i + 1 >= args.Length)
                {
                    return Usage(stderr, $"{arg} needs a value");
                }

                if (arg == "--key-ring")
                {
                    keyRingFile = args[++i];
                }
                else
                {
                    accessKeyId = args[++i];
                }
            }
            else if (arg.StartsWith('-') && arg != "-")
            {
                return Usage(stderr, $"unknown option '{arg}'");
            }
            else if (token is not null)
            {
                return Usage(stderr, "only one token can be inspected at a time");
            }
            else
            {
                token = arg;
            }
        }

        if (accessKeyId is null)
        {
            return Usage(stderr, "--access-key-id is required (the ASIA... key the request was signed with: a token opens only with its own)");
        }

        keyRingFile ??= environment(KeyRingVariable);
        if (string.IsNullOrEmpty(keyRingFile))
        {
            return Usage(stderr, $"no key ring: pass --key-ring FILE or set {KeyRingVariable}");
        }

        var ring = LoadKeyRing(keyRingFile, stderr);
        if (ring is null)
        {
            return CommandLine.UsageError;
        }

        token = token is null or "-" ? stdin.ReadToEnd() : token;
        token = token.Trim();

        // The sealer's clock only decides expiry: opening as at the Unix epoch shows expired sessions too; the real
        // clock then says whether the session is still good. No revocation list: revocations live in the service.
        var opened = new SessionTokenSealer(ring, new EpochClock()).Open(token, accessKeyId);
        if (!opened.IsSuccess)
        {
            stderr.WriteLine(
                $"error: the session token does not open with access key id '{Quote(accessKeyId)}' and the key ring {keyRingFile} "
                + $"(keys {string.Join(", ", ring.KeyIds)}): it is malformed or altered, was sealed under a key this ring does not hold, or belongs to another access key id");
            return CommandLine.Invalid;
        }

        Write(stdout, opened.Value, time.GetUtcNow());
        return CommandLine.Success;
    }

    private static SessionKeyRing? LoadKeyRing(string path, TextWriter stderr)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > SessionKeyRing.MaxConfigurationBytes)
            {
                stderr.WriteLine($"error: the key ring {path} is {info.Length} bytes; at most {SessionKeyRing.MaxConfigurationBytes} are accepted");
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read the key ring {path}: {e.Message}");
            return null;
        }

        var loaded = SessionKeyRing.Load(bytes);
        if (!loaded.IsSuccess)
        {
            stderr.WriteLine($"error: {path} is not a key ring: {loaded.Error!.Message}");
            return null;
        }

        return loaded.Value;
    }

    private static void Write(TextWriter stdout, SessionState session, DateTimeOffset now)
    {
        void Line(string label, string? value) => stdout.WriteLine($"{label + ":",-18}{(string.IsNullOrEmpty(value) ? "-" : value)}");

        var remaining = session.Expiration - now;
        Line("status", remaining > TimeSpan.Zero
            ? $"valid for {Duration(remaining)} (until {Time(session.Expiration)})"
            : $"expired {Duration(-remaining)} ago (at {Time(session.Expiration)}): requests answer ExpiredToken");
        Line("principal", session.PrincipalArn);
        Line("principal id", session.PrincipalId);
        Line("kind", session.Kind.ToString());
        Line("account", session.Account.Length == 0 ? "(default tenant)" : session.Account);
        Line("role", session.RoleArn is null ? null : $"{session.RoleArn} ({session.RoleId})");
        Line("session name", session.RoleSessionName);
        Line("caller", session.CallerArn is null ? null : $"{session.CallerArn} ({session.CallerUserId})");
        Line("access key id", session.AccessKeyId);
        Line("issued", Time(session.IssuedAt));
        Line("expires", Time(session.Expiration));
        Line("mfa", session.MultiFactorAuthenticatedAt is { } mfa ? $"yes, authenticated {Time(mfa)}" : "no");
        Line("chain depth", session.ChainDepth.ToString(CultureInfo.InvariantCulture));
        Line("source identity", session.SourceIdentity);
        Line("session policy", session.SessionPolicy);
        Line("policy arns", string.Join(", ", session.PolicyArns));
        Line("tags", string.Join(", ", session.Tags.Select(t => $"{t.Key}={t.Value}{(session.IsTransitiveTagKey(t.Key) ? " (transitive)" : string.Empty)}")));
        if (session.Kind == SessionPrincipalKind.WebIdentity)
        {
            Line("web identity", session.WebIdentityProvider);
            Line("  subject", session.WebIdentitySubject);
            Line("  audience", session.WebIdentityAudience);
            Line("  amr", string.Join(", ", session.WebIdentityAuthenticationMethods));
        }
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s");

    private static string Quote(string value) => value.Length <= 32 ? value : value[..32] + "...";

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        stderr.WriteLine(InspectUsage);
        return CommandLine.UsageError;
    }

    /// <summary>A clock stopped at the Unix epoch: no session has expired by then.</summary>
    private sealed class EpochClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;
    }
}
