using System.Buffers;
using Google.Protobuf;
using Platform.Testing.V1;

namespace Platform.Grpc.Tests.Protocol;

public sealed class MessageFramingTests
{
    private static readonly MessageParser<SimpleRequest> Parser = SimpleRequest.Parser;

    [Fact]
    public void TryReadFrame_PartialHeaderThenWhole_WaitsThenYieldsMessage()
    {
        var frame = MessageFraming.EncodeFrame(new SimpleRequest { Text = "决算" }, compress: false);
        var partial = new ReadOnlySequence<byte>(frame, 0, 3);
        Assert.False(MessageFraming.TryReadFrame(ref partial, 1024, out _, out _));

        var whole = new ReadOnlySequence<byte>(frame.Concat(frame).ToArray());
        Assert.True(MessageFraming.TryReadFrame(ref whole, 1024, out var compressed, out var payload));
        Assert.False(compressed);
        Assert.Equal("决算", MessageFraming.ParsePayload(Parser, payload, compressed, null, 1024).Text);
        Assert.Equal(frame.Length, whole.Length);
    }

    [Fact]
    public void TryReadFrame_LengthAboveMax_ResourceExhausted()
    {
        var frame = MessageFraming.EncodeFrame(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100]) }, compress: false);
        var buffer = new ReadOnlySequence<byte>(frame);
        var ex = Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 50, out _, out _));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void TryReadFrame_InvalidFlag_Internal()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 7, 0, 0, 0, 0 });
        var ex = Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 50, out _, out _));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void EncodeFrame_Gzip_RoundTripsWithFlagSet()
    {
        var message = new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10_000]) };
        var frame = MessageFraming.EncodeFrame(message, compress: true);
        Assert.Equal(1, frame[0]);
        Assert.True(frame.Length < 1000, "10 kB of zeros should compress");
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 1 << 20, out var compressed, out var payload));
        Assert.Equal(message, MessageFraming.ParsePayload(Parser, payload, compressed, "gzip", 1 << 20));
    }

    [Fact]
    public void ParsePayload_GzipBombAboveMax_ResourceExhausted()
    {
        var frame = MessageFraming.EncodeFrame(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[1 << 20]) }, compress: true);
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 1 << 20, out var compressed, out var payload));
        var ex = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(Parser, payload, compressed, "gzip", 64 * 1024));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Theory]
    [InlineData(null, StatusCode.Internal)]
    [InlineData("identity", StatusCode.Internal)]
    [InlineData("snappy", StatusCode.Unimplemented)]
    public void ParsePayload_CompressedFlagWithoutUsableEncoding_Fails(string? encoding, StatusCode expected)
    {
        var payload = new ReadOnlySequence<byte>(new byte[] { 1, 2, 3 });
        var ex = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(Parser, payload, true, encoding, 1024));
        Assert.Equal(expected, ex.StatusCode);
    }

    [Fact]
    public void ParsePayload_InvalidProtobuf_Internal()
    {
        var payload = new ReadOnlySequence<byte>(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F });
        var ex = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(Parser, payload, false, null, 1024));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }
}
