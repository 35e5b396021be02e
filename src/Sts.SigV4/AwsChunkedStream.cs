using System.Buffers;
using System.Text;

namespace Sts.SigV4;

/// <summary>
/// Decodes an <c>aws-chunked</c> body. Each chunk is buffered whole (at most the configured chunk size),
/// its signature checked against the chain, and only then released; the final chunk, the decoded
/// length, the trailing checksum and the trailer signature are checked before end of stream is reported.
/// Any violation throws <see cref="SigV4Exception"/>, and keeps throwing on later reads.
/// </summary>
internal sealed class AwsChunkedStream : Stream
{
    private const int MaxLineLength = 4096;
    private const int MaxTrailerLines = 16;
    private const int MaxTrailerBytes = 8192;
    private const int Lookahead = 4096;

    private readonly Stream _inner;
    private readonly ChunkSignatureChain? _chain;
    private readonly TrailingChecksum? _checksum;
    private readonly bool _hasTrailer;
    private readonly long _declaredLength;
    private readonly int _maxChunkSize;
    private readonly int _minChunkSize;
    private readonly SigV4ServiceFamily _family;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _serveStart;
    private int _serveEnd;
    private long _decoded;
    private readonly byte[] _signature = new byte[144];
    private int _signatureLength;
    private int _previousChunkSize = -1;
    private bool _finished;
    private SigV4Exception? _failure;

    public AwsChunkedStream(
        Stream inner,
        ChunkSignatureChain? chain,
        TrailingChecksum? checksum,
        bool hasTrailer,
        long declaredLength,
        int maxChunkSize,
        int minChunkSize,
        SigV4ServiceFamily family)
    {
        _inner = inner;
        _chain = chain;
        _checksum = checksum;
        _hasTrailer = hasTrailer;
        _declaredLength = declaredLength;
        _maxChunkSize = maxChunkSize;
        _minChunkSize = minChunkSize;
        _family = family;
        // Room for several typical chunks, so the unconsumed tail rarely has to be moved to the front.
        _buffer = ArrayPool<byte>.Shared.Rent((4 * Math.Min(maxChunkSize, 64 * 1024)) + MaxLineLength + 2);
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

    public override int Read(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);

        // With sync: true every inner read is synchronous, so the ValueTask has already completed.
#pragma warning disable CA2012
        return ReadCoreAsync(buffer.AsMemory(offset, count), sync: true, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore CA2012
    }

    public override int Read(Span<byte> buffer)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        // The synchronous twin of ReadCoreAsync: a whole chunk that fits goes straight into the caller's span.
        // With sync: true every inner call is synchronous, so each ValueTask has already completed.
        try
        {
            while (_serveStart == _serveEnd)
            {
                if (_finished)
                {
                    return 0;
                }

#pragma warning disable CA2012
                int direct = ReadNextChunkAsync(buffer.Length, sync: true, CancellationToken.None).GetAwaiter().GetResult();
                if (direct > 0)
                {
                    Span<byte> data = buffer[..direct];
                    int filled = CopyBufferedInto(data);
                    while (filled < direct)
                    {
                        int read = _inner.Read(data[filled..]);
                        if (read == 0)
                        {
                            throw Fail(SigV4ErrorCode.IncompleteBody, $"The body ended inside a chunk that declared {direct} bytes.");
                        }

                        filled += read;
                    }

                    bool terminated = FillAsync(2, sync: true, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore CA2012
                    FinishDirectChunk(data, terminated);
                    return direct;
                }
            }

            return Serve(buffer);
        }
        catch (SigV4Exception exception)
        {
            _failure = exception;
            _serveStart = _serveEnd = 0;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), sync: false, cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, sync: false, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _checksum?.Dispose();
            _chain?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool sync, CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (destination.IsEmpty)
        {
            return 0;
        }

        try
        {
            while (_serveStart == _serveEnd)
            {
                if (_finished)
                {
                    return 0;
                }

                int direct = await ReadNextChunkAsync(destination.Length, sync, cancellationToken).ConfigureAwait(false);
                if (direct > 0)
                {
                    Memory<byte> data = destination[..direct];
                    int filled = CopyBufferedInto(data.Span);
                    while (filled < direct)
                    {
                        int read = sync
                            ? _inner.Read(data.Span[filled..])
                            : await _inner.ReadAsync(data[filled..], cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            throw Fail(SigV4ErrorCode.IncompleteBody, $"The body ended inside a chunk that declared {direct} bytes.");
                        }

                        filled += read;
                    }

                    bool terminated = await FillAsync(2, sync, cancellationToken).ConfigureAwait(false);
                    FinishDirectChunk(data.Span, terminated);
                    return direct;
                }
            }

            return Serve(destination.Span);
        }
        catch (SigV4Exception exception)
        {
            _failure = exception;
            _serveStart = _serveEnd = 0;
            throw;
        }
    }

    private int Serve(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, _serveEnd - _serveStart);
        _buffer.AsSpan(_serveStart, n).CopyTo(destination);
        _serveStart += n;
        return n;
    }

    /// <summary>
    /// Reads, checks and verifies the next chunk. When the caller's buffer (<paramref name="destinationLength"/> bytes)
    /// holds the whole chunk and most of it is still unread, only the chunk header is consumed and the chunk size is
    /// returned: the caller then reads the data straight into its buffer (one copy instead of two) and calls
    /// <see cref="FinishDirectChunk"/>; on any failure the buffer's content is undefined. Otherwise the chunk is
    /// staged in the internal buffer for serving and 0 is returned.
    /// </summary>
    private async ValueTask<int> ReadNextChunkAsync(int destinationLength, bool sync, CancellationToken cancellationToken)
    {
        int lineLength = await ReadLineAsync(sync, cancellationToken).ConfigureAwait(false);
        int size = ParseChunkHeader(_buffer.AsSpan(_start, lineLength), out int signatureStart, out int signatureLength);
        signatureStart += _start;
        _start += lineLength + 2;

        if (size > 0 && _previousChunkSize >= 0 && _previousChunkSize < _minChunkSize)
        {
            throw Fail(SigV4ErrorCode.InvalidChunkSizeError, $"A chunk of {_previousChunkSize} bytes is smaller than the minimum {_minChunkSize} and is not the last.");
        }

        if (_decoded + size > _declaredLength)
        {
            throw Fail(SigV4ErrorCode.IncompleteBody, $"The chunks carry more than the {_declaredLength} bytes declared in x-amz-decoded-content-length.");
        }

        bool final = size == 0;
        int needed = final && _hasTrailer ? 0 : size + 2;

        // The signature bytes live in the line just consumed; copy them before the buffer may move.
        _buffer.AsSpan(signatureStart, signatureLength).CopyTo(_signature);
        _signatureLength = signatureLength;

        if (size > 0 && destinationLength >= size && _end - _start < size)
        {
            return size;
        }

        if (!await FillAsync(needed, sync, cancellationToken).ConfigureAwait(false))
        {
            throw Fail(SigV4ErrorCode.IncompleteBody, $"The body ended inside a chunk that declared {size} bytes.");
        }

        ReadOnlySpan<byte> data = _buffer.AsSpan(_start, size);
        if (needed == size + 2 && (_buffer[_start + size] != '\r' || _buffer[_start + size + 1] != '\n'))
        {
            throw Fail(SigV4ErrorCode.IncompleteBody, $"The chunk data does not end where its declared size of {size} bytes says.");
        }

        if (_chain is not null && !_chain.VerifyChunk(data, _signature.AsSpan(0, _signatureLength)))
        {
            throw Fail(SigV4ErrorCode.SignatureDoesNotMatch, "A chunk signature does not match the chunk (chunk-signature check failed).");
        }

        _checksum?.Append(data);
        _serveStart = _start;
        _serveEnd = _start + size;
        _start += needed;
        _decoded += size;
        if (size > 0)
        {
            _previousChunkSize = size;
            return 0;
        }

        if (_decoded != _declaredLength)
        {
            throw Fail(SigV4ErrorCode.IncompleteBody, $"The body carried {_decoded} bytes but x-amz-decoded-content-length declares {_declaredLength}.");
        }

        if (_hasTrailer)
        {
            await ReadTrailersAsync(sync, cancellationToken).ConfigureAwait(false);
        }

        await ExpectEndAsync(sync, cancellationToken).ConfigureAwait(false);
        _finished = true;
        return 0;
    }

    /// <summary>Moves the already buffered start of a direct chunk into <paramref name="data"/>; returns how many bytes that was.</summary>
    private int CopyBufferedInto(Span<byte> data)
    {
        int buffered = _end - _start;
        _buffer.AsSpan(_start, buffered).CopyTo(data);
        _start = _end = 0;
        return buffered;
    }

    /// <summary>Checks the CRLF after a chunk read straight into the caller's buffer, then its signature.</summary>
    private void FinishDirectChunk(ReadOnlySpan<byte> data, bool terminated)
    {
        if (!terminated || _buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
        {
            throw Fail(SigV4ErrorCode.IncompleteBody, $"The chunk data does not end where its declared size of {data.Length} bytes says.");
        }

        _start += 2;
        if (_chain is not null && !_chain.VerifyChunk(data, _signature.AsSpan(0, _signatureLength)))
        {
            throw Fail(SigV4ErrorCode.SignatureDoesNotMatch, "A chunk signature does not match the chunk (chunk-signature check failed).");
        }

        _checksum?.Append(data);
        _decoded += data.Length;
        _previousChunkSize = data.Length;
    }

    private int ParseChunkHeader(ReadOnlySpan<byte> line, out int signatureStart, out int signatureLength)
    {
        signatureStart = 0;
        signatureLength = 0;
        int semicolon = line.IndexOf((byte)';');
        ReadOnlySpan<byte> sizeText = semicolon < 0 ? line : line[..semicolon];
        if (sizeText.Length is 0 or > 8)
        {
            throw Fail(SigV4ErrorCode.IncompleteBody, $"The chunk header '{Quote(line)}' does not start with a hex size.");
        }

        long size = 0;
        foreach (byte b in sizeText)
        {
            int digit = Hex.AnyCaseValue(b);
            if (digit < 0)
            {
                throw Fail(SigV4ErrorCode.IncompleteBody, $"The chunk header '{Quote(line)}' does not start with a hex size.");
            }

            size = (size << 4) | (uint)digit;
        }

        if (size > _maxChunkSize)
        {
            throw Fail(SigV4ErrorCode.InvalidRequest, $"A chunk declares {size} bytes, more than the maximum of {_maxChunkSize}.");
        }

        if (_chain is null)
        {
            if (semicolon >= 0)
            {
                throw Fail(SigV4ErrorCode.IncompleteBody, $"The unsigned chunk header '{Quote(line)}' carries an extension.");
            }

            return (int)size;
        }

        ReadOnlySpan<byte> extension = semicolon < 0 ? [] : line[(semicolon + 1)..];
        ReadOnlySpan<byte> marker = "chunk-signature="u8;
        if (!extension.StartsWith(marker))
        {
            throw Fail(SigV4ErrorCode.IncompleteSignature, $"The chunk header '{Quote(line)}' has no chunk-signature.");
        }

        ReadOnlySpan<byte> signature = extension[marker.Length..];
        if (_chain.IsEcdsa)
        {
            signature = signature.TrimEnd((byte)'*');
        }

        if (signature.Length is 0 or > 144)
        {
            throw Fail(SigV4ErrorCode.SignatureDoesNotMatch, "A chunk signature has the wrong length.");
        }

        signatureStart = semicolon + 1 + marker.Length;
        signatureLength = signature.Length;
        return (int)size;
    }

    private async ValueTask ReadTrailersAsync(bool sync, CancellationToken cancellationToken)
    {
        var canonical = new List<byte>();
        string? checksumValue = null;
        byte[]? trailerSignature = null;
        int lines = 0;
        int totalBytes = 0;
        while (true)
        {
            int lineLength = await ReadLineAsync(sync, cancellationToken).ConfigureAwait(false);
            string line = Encoding.UTF8.GetString(_buffer, _start, lineLength);
            _start += lineLength + 2;
            totalBytes += lineLength + 2;
            if (lineLength == 0)
            {
                break;
            }

            if (++lines > MaxTrailerLines || totalBytes > MaxTrailerBytes)
            {
                throw Fail(SigV4ErrorCode.InvalidRequest, "The trailer section is too large.");
            }

            if (trailerSignature is not null)
            {
                throw Fail(SigV4ErrorCode.InvalidRequest, "A trailer follows x-amz-trailer-signature.");
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Fail(SigV4ErrorCode.InvalidRequest, $"The trailer line '{SigV4Crypto.Truncate(line)}' is not name:value.");
            }

            string name = line[..colon].Trim().ToLowerInvariant();
            string value = line[(colon + 1)..];
            if (name == "x-amz-trailer-signature")
            {
                if (_chain is null)
                {
                    throw Fail(SigV4ErrorCode.InvalidRequest, "An unsigned-trailer body carries x-amz-trailer-signature.");
                }

                trailerSignature = Encoding.ASCII.GetBytes(value.Trim());
                continue;
            }

            if (_checksum is null || name != _checksum.HeaderName || checksumValue is not null)
            {
                throw Fail(SigV4ErrorCode.InvalidRequest, $"The trailer '{SigV4Crypto.Truncate(name)}' was not announced in x-amz-trailer.");
            }

            checksumValue = value;
            var lineBuffer = new ByteBuffer(64);
            try
            {
                lineBuffer.AddText(name);
                lineBuffer.Add((byte)':');
                Canonicalizer.WriteHeaderValue(ref lineBuffer, value);
                lineBuffer.Add((byte)'\n');
                foreach (byte b in lineBuffer.WrittenSpan)
                {
                    canonical.Add(b);
                }
            }
            finally
            {
                lineBuffer.Dispose();
            }
        }

        if (_chain is not null)
        {
            if (trailerSignature is null)
            {
                throw Fail(SigV4ErrorCode.IncompleteSignature, "The trailer has no x-amz-trailer-signature.");
            }

            ReadOnlySpan<byte> signature = _chain.IsEcdsa ? trailerSignature.AsSpan().TrimEnd((byte)'*') : trailerSignature;
            if (!_chain.VerifyTrailer(canonical.ToArray(), signature))
            {
                throw Fail(SigV4ErrorCode.SignatureDoesNotMatch, "The trailer signature does not match the trailers.");
            }
        }

        if (_checksum is not null)
        {
            if (checksumValue is null)
            {
                throw Fail(SigV4ErrorCode.InvalidRequest, $"The trailer {_checksum.HeaderName} announced in x-amz-trailer is missing.");
            }

            if (!_checksum.Matches(checksumValue))
            {
                throw Fail(SigV4ErrorCode.BadDigest, $"The {_checksum.HeaderName} you specified did not match the calculated checksum.");
            }
        }
    }

    private async ValueTask ExpectEndAsync(bool sync, CancellationToken cancellationToken)
    {
        if (_end > _start || await FillAsync(1, sync, cancellationToken).ConfigureAwait(false))
        {
            throw Fail(SigV4ErrorCode.InvalidRequest, "Data follows the final chunk.");
        }
    }

    /// <summary>Returns the length of the line at <see cref="_start"/>, excluding its CRLF (which stays unconsumed).</summary>
    private async ValueTask<int> ReadLineAsync(bool sync, CancellationToken cancellationToken)
    {
        int scanned = 0;
        while (true)
        {
            int index = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                int length = scanned + index;
                if (length > MaxLineLength)
                {
                    break;
                }

                return length;
            }

            scanned = Math.Max(0, _end - _start - 1);
            if (scanned > MaxLineLength)
            {
                break;
            }

            if (!await FillAsync(_end - _start + 1, sync, cancellationToken).ConfigureAwait(false))
            {
                throw Fail(SigV4ErrorCode.IncompleteBody, "The body ended inside a chunk header or trailer.");
            }
        }

        throw Fail(SigV4ErrorCode.IncompleteBody, $"A chunk header or trailer line is longer than {MaxLineLength} bytes.");
    }

    /// <summary>Ensures at least <paramref name="needed"/> unconsumed bytes; false at end of input.</summary>
    private async ValueTask<bool> FillAsync(int needed, bool sync, CancellationToken cancellationToken)
    {
        while (_end - _start < needed)
        {
            if (_buffer.Length - _start < needed || _end == _buffer.Length)
            {
                if (_buffer.Length < needed)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent((2 * needed) + MaxLineLength);
                    _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = bigger;
                }
                else
                {
                    _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                }

                _end -= _start;
                _start = 0;
            }

            // Read what is missing plus a small lookahead: a large read would pull chunk data through this
            // buffer that could otherwise go straight to the caller.
            int want = Math.Min(_buffer.Length - _end, Math.Max(needed - (_end - _start), Lookahead));
            int read = sync
                ? _inner.Read(_buffer, _end, want)
                : await _inner.ReadAsync(_buffer.AsMemory(_end, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    private SigV4Exception Fail(SigV4ErrorCode code, string message) => new(new SigV4Error(code, _family, message));

    private static string Quote(ReadOnlySpan<byte> line) => SigV4Crypto.Truncate(Encoding.ASCII.GetString(line[..Math.Min(line.Length, 80)]), 40);
}
