using System.Buffers.Binary;
using System.IO.Compression;

namespace Klynge.Core.Csv;

/// <summary>Opens a CSV stream that may be gzip-compressed, recognised by its magic bytes rather than its name.</summary>
public static class CsvInput
{
    private const byte GzipMagic1 = 0x1F;
    private const byte GzipMagic2 = 0x8B;

    /// <summary>
    /// Returns a stream of the plain CSV bytes. A gzip stream is decompressed; one that ends early makes
    /// reading throw <see cref="InvalidDataException"/> (GZipStream itself stops silently at a truncation).
    /// </summary>
    public static Stream Open(Stream raw, bool leaveOpen = false)
    {
        var head = new byte[2];
        var read = 0;
        while (read < head.Length && raw.Read(head, read, head.Length - read) is var n and > 0) read += n;
        var replayed = new PrefixStream(head.AsMemory(0, read), raw, leaveOpen);
        return read == 2 && head[0] == GzipMagic1 && head[1] == GzipMagic2
            ? new CheckedGzipStream(replayed)
            : replayed;
    }

    /// <summary>Replays bytes already taken from the start of a stream that may not be seekable.</summary>
    private sealed class PrefixStream(ReadOnlyMemory<byte> prefix, Stream inner, bool leaveOpen) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return inner.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Decompresses gzip and compares the size in the trailer (ISIZE, the last four bytes) with the bytes
    /// produced, which catches a file cut short. A file of several concatenated gzip members fails this
    /// check; the formats ask for plain single-member gzip.
    /// </summary>
    private sealed class CheckedGzipStream : ReadOnlyStream
    {
        private readonly TailStream _compressed;
        private readonly GZipStream _gzip;
        private long _produced;
        private bool _checked;

        public CheckedGzipStream(Stream compressed)
        {
            _compressed = new TailStream(compressed);
            _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
        }

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            var n = _gzip.Read(buffer);
            _produced += n;
            if (n == 0 && !_checked)
            {
                _checked = true;
                _compressed.Drain();
                if (!_compressed.TrailerMatches((uint)_produced))
                    throw new InvalidDataException("the gzip data ends early or is damaged (was the file cut short?)");
            }
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _gzip.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Passes bytes through and remembers the last eight: the gzip trailer once the stream has ended.</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _tail = new byte[8];
        private long _total;

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            if (n == 0) return 0;
            if (n >= _tail.Length)
            {
                buffer.Slice(n - _tail.Length, _tail.Length).CopyTo(_tail);
            }
            else
            {
                _tail.AsSpan(n).CopyTo(_tail);
                buffer[..n].CopyTo(_tail.AsSpan(_tail.Length - n));
            }
            _total += n;
            return n;
        }

        public void Drain()
        {
            Span<byte> scratch = stackalloc byte[4096];
            while (Read(scratch) > 0) { }
        }

        public bool TrailerMatches(uint produced) =>
            _total >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4)) == produced;

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public abstract override int Read(Span<byte> buffer);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
