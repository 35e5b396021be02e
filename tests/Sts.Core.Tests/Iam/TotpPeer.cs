using System.Diagnostics;
using System.Globalization;

namespace Sts.Core.Tests.Iam;

/// <summary>Computes TOTP codes with an independent implementation: Python's hmac/base64 standard library (Iam/totp_peer.py).</summary>
internal static class TotpPeer
{
    /// <summary>The codes of the device with <paramref name="base32Seed"/> at each instant.</summary>
    public static string[] Codes(string base32Seed, params DateTimeOffset[] instants)
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Iam", "totp_peer.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(base32Seed);
        foreach (var instant in instants)
        {
            start.ArgumentList.Add(instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"the Python TOTP peer failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Two consecutive codes whose second one is the code of <paramref name="now"/>, as a person enabling a device types them.</summary>
    public static (string First, string Second) ConsecutiveCodes(string base32Seed, DateTimeOffset now)
    {
        var codes = Codes(base32Seed, now.AddSeconds(-30), now);
        return (codes[0], codes[1]);
    }
}
