using System.Diagnostics;
using System.Text;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

/// <summary>
/// The token format documented on <see cref="SessionTokenSealer"/>, checked against an independent
/// implementation (Python, pyca/cryptography) in both directions.
/// </summary>
public class SessionTokenFormatPeerTests
{
    private static readonly byte[] RingKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    private static SessionKeyRing Ring()
    {
        var configuration = $"key 9 {Convert.ToBase64String(RingKey)}\nactive 9\n";
        return SessionKeyRing.Load(Encoding.UTF8.GetBytes(configuration)).Value;
    }

    [Test]
    public void Seal_TokenOpenedByIndependentPeer_YieldsTheCodecPlaintext()
    {
        var session = SessionFixtures.FullSession();
        var token = new SessionTokenSealer(Ring(), SessionFixtures.Clock()).Seal(session).Value.Token;

        var output = RunPeer("open", Convert.ToBase64String(RingKey), token).Split(' ');

        using var writer = new TokenWriter();
        SessionTokenCodec.Encode(session, writer);
        output[0].Should().Be("9");
        output[1].Should().Be(Convert.ToHexStringLower(writer.Written));
    }

    [Test]
    public void Open_TokenSealedByIndependentPeer_ReturnsTheSession()
    {
        var session = SessionFixtures.FullSession();
        using var writer = new TokenWriter();
        SessionTokenCodec.Encode(session, writer);

        var token = RunPeer("seal", Convert.ToBase64String(RingKey), "9", Convert.ToHexStringLower(writer.Written));

        var opened = new SessionTokenSealer(Ring(), SessionFixtures.Clock()).Open(token, session.AccessKeyId);
        opened.IsSuccess.Should().BeTrue(opened.Error?.ToString());
        opened.Value.Should().BeEquivalentTo(session);
    }

    private static string RunPeer(params string[] arguments)
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Tokens", "session_token_peer.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"the Python peer (needs python3 with 'cryptography') failed: {error}");
        return output.Trim();
    }
}
