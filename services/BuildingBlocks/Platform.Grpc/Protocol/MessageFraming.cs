using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace Platform.Grpc;

/// <summary>
/// Length-Prefixed-Message framing (PROTOCOL-HTTP2.md: "Length-Prefixed-Message → Compressed-Flag
/// Message-Length Message"). Compression is decided per message by the flag byte, the grpc-encoding
/// header only names the algorithm.
/// </summary>
internal static class MessageFraming
{
    /// <summary>
    /// Tries to take one whole frame off the front of <paramref name="buffer"/>. Returns false when more
    /// bytes are needed. Throws RpcException for frames that can never be valid.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(header);
        var flag = header[0];
        if (flag > 1)
        {
            throw new RpcException(StatusCode.Internal, $"Invalid compressed-flag {flag} in message frame.");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxMessageSize})");
        }
        if (buffer.Length < GrpcProtocol.FrameHeaderSize + length)
        {
            return false;
        }
        compressed = flag == 1;
        payload = buffer.Slice(GrpcProtocol.FrameHeaderSize, length);
        buffer = buffer.Slice(GrpcProtocol.FrameHeaderSize + length);
        return true;
    }

    /// <summary>Parses a frame payload into a message, decompressing and enforcing the size limit.</summary>
    public static T ParsePayload<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, bool compressed, string? encoding, int maxMessageSize)
        where T : IMessage<T>
    {
        if (compressed)
        {
            if (encoding is null || encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
            {
                // PROTOCOL-HTTP2.md: a compressed flag with identity encoding is a protocol violation.
                throw new RpcException(StatusCode.Internal, "Compressed message received without a grpc-encoding.");
            }
            if (!encoding.Equals(GrpcProtocol.GzipEncoding, StringComparison.OrdinalIgnoreCase))
            {
                throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'; supported: {GrpcProtocol.SupportedEncodings}.");
            }
            payload = new ReadOnlySequence<byte>(Gunzip(payload, maxMessageSize));
        }
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize message: " + ex.Message));
        }
    }

    public static byte[] Gunzip(ReadOnlySequence<byte> payload, int maxMessageSize)
    {
        try
        {
            using var input = new SequenceStream(payload);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (output.Length + read > maxMessageSize)
                    {
                        throw new RpcException(StatusCode.ResourceExhausted,
                            $"Decompressed message larger than max ({maxMessageSize} bytes).");
                    }
                    output.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(StatusCode.Internal, "Failed to decompress gzip message: " + ex.Message);
        }
    }

    /// <summary>Serializes a whole frame (header + optionally gzipped payload) into one array.</summary>
    public static byte[] EncodeFrame(IMessage message, bool compress)
    {
        if (!compress)
        {
            var size = message.CalculateSize();
            var frame = new byte[GrpcProtocol.FrameHeaderSize + size];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
            message.WriteTo(frame.AsSpan(GrpcProtocol.FrameHeaderSize));
            return frame;
        }
        using var output = new MemoryStream();
        output.Write(stackalloc byte[GrpcProtocol.FrameHeaderSize]);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            message.WriteTo(gzip);
        }
        var bytes = output.ToArray();
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)(bytes.Length - GrpcProtocol.FrameHeaderSize));
        return bytes;
    }

    /// <summary>Writes an uncompressed frame straight into a pipe buffer, with no intermediate copy.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(GrpcProtocol.FrameHeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(GrpcProtocol.FrameHeaderSize, size));
        writer.Advance(GrpcProtocol.FrameHeaderSize + size);
    }

    /// <summary>A read-only stream over a ReadOnlySequence (for GZipStream).</summary>
    private sealed class SequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private ReadOnlySequence<byte> _remaining = sequence;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, _remaining.Length);
            _remaining.Slice(0, n).CopyTo(buffer);
            _remaining = _remaining.Slice(n);
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
