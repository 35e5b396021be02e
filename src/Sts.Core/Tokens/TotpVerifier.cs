using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sts.Core.Tokens;

/// <summary>
/// Checks MFA codes from virtual devices (<see cref="Totp"/>): the code must match the current 30-second step
/// or the one before or after it, and a code is accepted at most once: once a step has been used for a device,
/// that step and every earlier one are refused for it. Thread-safe; remembers one step per device.
/// </summary>
public sealed class TotpVerifier
{
    /// <summary>How many steps either side of the current one are accepted.</summary>
    public const int WindowSteps = 1;

    private static readonly StsError InvalidCode = new(
        "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403);

    private static readonly StsError ReusedCode = new(
        "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code: the code was already used.", 403);

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _lastAcceptedStep = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier.</summary>
    /// <param name="time">The clock the steps come from.</param>
    public TotpVerifier(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Checks <paramref name="code"/> for the device <paramref name="serialNumber"/> and consumes it.</summary>
    /// <param name="serialNumber">The device's serial number (its ARN); replay protection is per serial number.</param>
    /// <param name="secret">The device's shared secret (raw bytes).</param>
    /// <param name="code">The code the caller typed.</param>
    /// <returns>The instant of authentication (now), or <c>AccessDenied</c> (403) when the code is malformed, wrong, outside the window, or already used.</returns>
    public StsResult<DateTimeOffset> Verify(string serialNumber, ReadOnlySpan<byte> secret, string? code)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        if (code is null || code.Length != Totp.Digits || !code.All(char.IsAsciiDigit))
        {
            return InvalidCode;
        }

        var now = _time.GetUtcNow();
        var current = Totp.StepAt(now);
        Span<byte> presented = stackalloc byte[Totp.Digits];
        Encoding.ASCII.GetBytes(code, presented);
        long? matched = null;
        Span<byte> expected = stackalloc byte[Totp.Digits];
        for (var step = current - WindowSteps; step <= current + WindowSteps; step++)
        {
            Encoding.ASCII.GetBytes(Totp.ComputeForStep(secret, step), expected);
            if (CryptographicOperations.FixedTimeEquals(expected, presented) && matched is null)
            {
                matched = step;
            }
        }

        if (matched is not { } accepted)
        {
            return InvalidCode;
        }

        while (true)
        {
            if (_lastAcceptedStep.TryGetValue(serialNumber, out var last))
            {
                if (accepted <= last)
                {
                    return ReusedCode;
                }

                if (_lastAcceptedStep.TryUpdate(serialNumber, accepted, last))
                {
                    return now;
                }
            }
            else if (_lastAcceptedStep.TryAdd(serialNumber, accepted))
            {
                return now;
            }
        }
    }
}
