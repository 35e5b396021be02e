using Microsoft.Extensions.Logging;
using Npgsql;
using Sts.Core.Stores;

namespace Sts.Stores.PostgreSql;

/// <summary>The change listener: one connection that LISTENs, confirms itself every heartbeat, and reconnects.</summary>
public sealed partial class PostgreSqlIamStore
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _heartbeatInterval;
    private readonly long _staleAfterTicks;
    private readonly Lock _observersGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile IIamStoreChangeObserver[] _observers = [];
    private long _currentUntil;
    private Task? _listener;
    private volatile NpgsqlConnection? _listenerConnection;

    /// <summary>
    /// True while the listener has confirmed its connection within <see cref="PostgreSqlIamStoreOptions.StaleAfter"/>:
    /// every change committed by any node before the last confirmation has been reported.
    /// </summary>
    public bool IsCurrent => _time.GetTimestamp() < Volatile.Read(ref _currentUntil);

    /// <summary>The server process id of the listener connection (tests terminate it), or 0 while disconnected.</summary>
    internal int ListenerProcessId => _listenerConnection is { State: System.Data.ConnectionState.Open } connection ? connection.ProcessID : 0;

    /// <summary>How many times the listener has (re)connected.</summary>
    internal int ListenerConnects { get; private set; }

    /// <inheritdoc />
    public IDisposable Subscribe(IIamStoreChangeObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_observersGate)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    private async Task StartListeningAsync(CancellationToken cancellationToken)
    {
        // The first connection is made here, so a database that cannot be reached fails the open.
        var connection = await ConnectListenerAsync(cancellationToken).ConfigureAwait(false);
        _listener = Task.Run(() => ListenAsync(connection, _stopping.Token), CancellationToken.None);
    }

    private async Task StopListeningAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener is not null)
        {
            try
            {
                await _listener.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
    }

    private async Task<NpgsqlConnection> ConnectListenerAsync(CancellationToken cancellationToken)
    {
        var connection = _dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            connection.Notification += (_, e) => Report(e.Payload);
            var command = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await using (command.ConfigureAwait(false))
            {
                var sent = _time.GetTimestamp();
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // Anything cached before this point may have missed a change: drop it all, then trust again.
                ReportMissed();
                Volatile.Write(ref _currentUntil, sent + _staleAfterTicks);
            }

            _listenerConnection = connection;
            ListenerConnects++;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ListenAsync(NpgsqlConnection? connection, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                connection ??= await ConnectListenerAsync(stopping).ConfigureAwait(false);
                var heartbeat = new NpgsqlCommand("SELECT 1", connection);
                await using (heartbeat.ConfigureAwait(false))
                {
                    // A round trip proves every notification committed before it was sent has been delivered.
                    var sent = _time.GetTimestamp();
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    timeout.CancelAfter(TimeSpan.FromSeconds(_staleAfterTicks / (double)_time.TimestampFrequency));
                    await heartbeat.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
                    Volatile.Write(ref _currentUntil, sent + _staleAfterTicks);
                }

                var until = _time.GetTimestamp() + (long)(_heartbeatInterval.TotalSeconds * _time.TimestampFrequency);
                for (var left = _time.GetElapsedTime(_time.GetTimestamp(), until); left > TimeSpan.Zero; left = _time.GetElapsedTime(_time.GetTimestamp(), until))
                {
                    // Whole milliseconds, at least one: Npgsql reads a timeout of 0 as "wait until a notification arrives".
                    await connection.WaitAsync(Math.Max(1, (int)Math.Ceiling(left.TotalMilliseconds)), stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException or TimeoutException)
            {
                // Fail closed at once: caches stop serving from memory until the listener is back and has told them to drop everything.
                Volatile.Write(ref _currentUntil, 0);
                LogListenerLost(_logger, e.GetType().Name, e.Message);
                _listenerConnection = null;
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }

                try
                {
                    await Task.Delay(_heartbeatInterval, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        Volatile.Write(ref _currentUntil, 0);
        _listenerConnection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Report(string key)
    {
        foreach (var observer in _observers)
        {
            observer.OnRecordChanged(key);
        }
    }

    private void ReportMissed()
    {
        foreach (var observer in _observers)
        {
            observer.OnChangesMayHaveBeenMissed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The IAM change listener lost its connection ({Kind}: {Reason}); caches bypass memory until it reconnects.")]
    private static partial void LogListenerLost(ILogger logger, string kind, string reason);

    private sealed class Subscription(PostgreSqlIamStore store, IIamStoreChangeObserver observer) : IDisposable
    {
        public void Dispose()
        {
            lock (store._observersGate)
            {
                store._observers = store._observers.Where(o => !ReferenceEquals(o, observer)).ToArray();
            }
        }
    }
}
