using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sts.Core.Tests.Telemetry;

/// <summary>One log entry: the event, the formatted message and every structured state value.</summary>
internal sealed record LogEntry(EventId EventId, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)
{
    /// <summary>The message and every state value, as text: what a log sink could store.</summary>
    internal IEnumerable<string> Texts() => State.Select(p => p.Value?.ToString() ?? string.Empty).Prepend(Message);
}

/// <summary>An <see cref="ILogger"/> that keeps every entry at every level.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    internal IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        _entries.Enqueue(new LogEntry(eventId, logLevel, formatter(state, exception), [.. values]));
    }
}
