using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (any free port), optionally over TLS, for serving discovery
/// and JWKS documents to the validator. One request per connection; answers come from a handler.
/// </summary>
internal sealed class MiniHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, (int Status, string Body)> _handler;
    private readonly SslStreamCertificateContext? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    internal MiniHttpServer(Func<string, (int Status, string Body)> handler, SslStreamCertificateContext? tls = null)
    {
        _handler = handler;
        _tls = tls;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    internal int Port { get; }

    internal string BaseUrl => $"{(_tls is null ? "http" : "https")}://127.0.0.1:{Port}";

    internal int RequestCount => Volatile.Read(ref _requests);

    /// <summary>When false, bodies are delimited by closing the connection (no Content-Length).</summary>
    internal bool SendContentLength { get; set; } = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_tls is not null)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _tls });
                    stream = ssl;
                }

                await using (stream)
                {
                    var head = new StringBuilder();
                    var buffer = new byte[1];
                    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16_384)
                    {
                        if (await stream.ReadAsync(buffer) == 0)
                        {
                            return;
                        }

                        head.Append((char)buffer[0]);
                    }

                    var path = head.ToString().Split(' ')[1];
                    Interlocked.Increment(ref _requests);
                    var (status, body) = _handler(path);
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var header = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{(SendContentLength ? $"Content-Length: {bytes.Length}\r\n" : "")}Connection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
                    await stream.WriteAsync(bytes);
                    await stream.FlushAsync();
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }
}
