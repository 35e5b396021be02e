using System.Diagnostics;

namespace QuickStart.Tests;

/// <summary>Runs the built sample as a process and checks what it prints.</summary>
public class QuickStartTests
{
    [Test]
    public void QuickStart_Run_PrintsEachDecisionWithItsReasonAndTheExpiry()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "QuickStart.dll"));
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(TimeSpan.FromMinutes(2)).Should().BeTrue("the sample finishes");
        Assert.That(process.ExitCode, Is.Zero, output + error.Result);

        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(7, output);
        lines[0].Should().MatchRegex("^Assumed PhotoReader: ASIA[A-Z2-7]{16}, expires ");
        lines[1].Should().Be("GET /photos/public/cat.jpg: Allow (OK): allowed: s3:GetObject on arn:aws:s3:::photos/public/cat.jpg for "
            + "arn:aws:sts::111122223333:assumed-role/PhotoReader/quick-start by statement 0 (ReadPublicPhotos) of identity policy "
            + "read-public-photos");
        lines[2].Should().Be("GET /photos/private/diary.txt: ImplicitDeny (AccessDenied): implicitly denied: no policy allows s3:GetObject on "
            + "arn:aws:s3:::photos/private/diary.txt for arn:aws:sts::111122223333:assumed-role/PhotoReader/quick-start");
        lines[3].Should().Be("Harness clock 2030-01-01 09:00:00Z: credentials expire 2030-01-01 09:15:00Z");
        lines[4].Should().StartWith("GET /photos/public/cat.jpg: Allow (OK): allowed:");
        lines[5].Should().Be("Harness clock 2030-01-01 09:16:00Z:");
        lines[6].Should().Be("GET /photos/public/cat.jpg: ImplicitDeny (ExpiredToken): the request did not authenticate: ExpiredToken: The provided token has expired.");
    }
}
