using Microsoft.Extensions.Options;
using Sts.Core.Tokens;

namespace Sts.Core.DependencyInjection;

/// <summary>Checks every setting of <see cref="StsOptions"/> and reports all that are wrong, one clear sentence each.</summary>
internal sealed class StsOptionsValidator : IValidateOptions<StsOptions>
{
    public ValidateOptionsResult Validate(string? name, StsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Store))
        {
            failures.Add($"Sts:Store is {(int)options.Store}; expected InMemory or Sqlite.");
        }

        if (options.Store == StsStoreKind.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(options.SqliteDatabasePath))
            {
                failures.Add("Sts:SqliteDatabasePath is required when Sts:Store is Sqlite.");
            }

            if (options.SqliteSecretKey is not { Length: 32 })
            {
                failures.Add(options.SqliteSecretKey is null
                    ? "Sts:SqliteSecretKey is required when Sts:Store is Sqlite (32 random bytes, kept outside the database)."
                    : $"Sts:SqliteSecretKey is {options.SqliteSecretKey.Length} bytes; it must be exactly 32.");
            }

            if (options.KeyRing is null && options.KeyRingFile is null)
            {
                failures.Add("Sts:KeyRing or Sts:KeyRingFile is required when Sts:Store is Sqlite: a random ring would end every session at restart.");
            }
        }

        ValidateKeyRing(options, failures);
        Capture(failures, "Sts:Iam", () => options.Iam?.Validate(), options.Iam is null);
        Capture(failures, "Sts:WebIdentity", () => options.WebIdentity?.Validate(), options.WebIdentity is null);
        if (options.SigV4 is null)
        {
            failures.Add("Sts:SigV4 must not be null.");
        }
        else if (options.SigV4.MaxClockSkew <= TimeSpan.Zero)
        {
            failures.Add($"Sts:SigV4:MaxClockSkew is {options.SigV4.MaxClockSkew}; it must be positive.");
        }

        if (options.OidcHttpClient is not null && options.OidcHttpMessageHandler is not null)
        {
            failures.Add("Sts:OidcHttpClient and Sts:OidcHttpMessageHandler are both set; set at most one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Loads the configured ring the way start-up will, so a bad ring is reported with the other settings.</summary>
    internal static StsResult<SessionKeyRing>? LoadKeyRing(StsOptions options)
    {
        if (options.KeyRing is { } bytes)
        {
            return SessionKeyRing.Load(bytes);
        }

        if (options.KeyRingFile is { } path)
        {
            try
            {
                return SessionKeyRing.Load(File.ReadAllBytes(path));
            }
            catch (IOException e)
            {
                return new StsError("InvalidParameterValue", $"the file cannot be read ({e.GetType().Name}: {e.Message})", 400);
            }
            catch (UnauthorizedAccessException)
            {
                return new StsError("InvalidParameterValue", "the file cannot be read (access denied)", 400);
            }
        }

        return null;
    }

    private static void ValidateKeyRing(StsOptions options, List<string> failures)
    {
        if (options.KeyRing is not null && options.KeyRingFile is not null)
        {
            failures.Add("Sts:KeyRing and Sts:KeyRingFile are both set; set at most one.");
            return;
        }

        if (LoadKeyRing(options) is { IsSuccess: false } failed)
        {
            var source = options.KeyRing is not null ? "Sts:KeyRing" : $"Sts:KeyRingFile ('{options.KeyRingFile}')";
            failures.Add($"{source} is not a usable key ring: {failed.Error!.Message}.");
        }
    }

    private static void Capture(List<string> failures, string section, Action validate, bool isNull)
    {
        if (isNull)
        {
            failures.Add($"{section} must not be null.");
            return;
        }

        try
        {
            validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            failures.Add($"{section}:{e.ParamName} is {e.ActualValue?.ToString() ?? "out of range"}; {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var paramNote = line.IndexOf(" (Parameter", StringComparison.Ordinal);
        return paramNote < 0 ? line : line[..paramNote];
    }
}
