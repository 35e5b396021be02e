using System.Diagnostics.CodeAnalysis;

namespace Sts.Core;

/// <summary>
/// The outcome of an operation that can fail for expected reasons: a value, or an <see cref="StsError"/>.
/// Never both, never neither.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct StsResult<T>
{
    private readonly T? _value;

    private StsResult(T? value, StsError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, when the operation failed.</summary>
    public StsError? Error { get; }

    /// <summary>True when the operation succeeded; <see cref="Value"/> is then available.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value of a successful result.</summary>
    /// <exception cref="InvalidOperationException">The result is a failure.</exception>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"The operation failed: {Error}");

    /// <summary>A successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static StsResult<T> Success(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static StsResult<T> Failure(StsError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new StsResult<T>(default, error);
    }

    /// <summary>Converts a value into a successful result.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StsResult<T>(T value) => Success(value);

    /// <summary>Converts an error into a failed result.</summary>
    /// <param name="error">The error.</param>
    public static implicit operator StsResult<T>(StsError error) => Failure(error);
}
