using System.Text;
using System.Text.RegularExpressions;

namespace Sts.Core.Protocol;

/// <summary>
/// Translates the models' Java regular expressions to .NET ones with the same meaning: Java's
/// <c>\w</c> and <c>\d</c> are ASCII-only, .NET's are Unicode; <c>String.matches</c> is anchored.
/// </summary>
internal static class QueryPattern
{
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    public static Regex Compile(string javaPattern) =>
        new($@"\A(?:{Translate(javaPattern)})\z", RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);

    public static string Translate(string javaPattern)
    {
        var result = new StringBuilder(javaPattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < javaPattern.Length; i++)
        {
            var c = javaPattern[i];
            if (c == '\\' && i + 1 < javaPattern.Length)
            {
                var next = javaPattern[i + 1];
                var replacement = next switch
                {
                    'w' => "A-Za-z0-9_",
                    'd' => "0-9",
                    _ => null,
                };
                if (replacement is null)
                {
                    result.Append(c).Append(next);
                }
                else
                {
                    result.Append(inClass ? replacement : "[" + replacement + "]");
                }

                i++;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
