using System.Security.Cryptography;

namespace Sts.SigV4;

/// <summary>Passes the body through while hashing it; at end of stream compares with the signed <c>x-amz-content-sha256</c>.</summary>
internal sealed class PayloadHashStream : Stream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _expected;
    private readonly SigV4ServiceFamily _family;
    private bool _checked;
    private SigV4Exception? _failure;

    public PayloadHashStream(Stream inner, byte[] expected, SigV4ServiceFamily family)
    {
        _inner = inner;
        _expected = expected;
        _family = family;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfFailed();
        int n = _inner.Read(buffer);
        return After(buffer[..n], n, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return After(buffer.Span[..n], n, buffer.Length);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int After(ReadOnlySpan<byte> data, int n, int requested)
    {
        if (n > 0)
        {
            _hash.AppendData(data);
            return n;
        }

        if (requested > 0 && !_checked)
        {
            _checked = true;
            Span<byte> actual = stackalloc byte[SigV4Crypto.HashSize];
            _hash.GetHashAndReset(actual);
            if (!SigV4Crypto.FixedTimeEquals(actual, _expected))
            {
                _failure = new SigV4Exception(new SigV4Error(
                    SigV4ErrorCode.XAmzContentSHA256Mismatch,
                    _family,
                    "The provided 'x-amz-content-sha256' header does not match what was computed."));
                throw _failure;
            }
        }

        return 0;
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw _failure;
        }
    }
}
