using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// Holds back the answer of an idempotent call until the replica has given all of it (up to <see cref="Limit"/> bytes), so
/// that a replica dying half-way through an answer can still be replaced by another: until then nothing has reached the
/// client and the call can be sent again. A larger answer is passed on as it comes, and is then no longer retried.
/// </summary>
internal sealed class RetryableResponse : Stream, IHttpResponseBodyFeature
{
    public const int Limit = 1024 * 1024;

    private readonly IHttpResponseBodyFeature _inner;
    private readonly MemoryStream _held = new();
    private PipeWriter? _writer;
    private bool _passingThrough;

    public RetryableResponse(IHttpResponseBodyFeature inner, bool hold)
    {
        _inner = inner;
        _passingThrough = !hold;
    }

    /// <summary>Whether bytes may have gone to the client: the call can no longer be sent again.</summary>
    public bool Committed => _passingThrough && _wrote;

    private bool _wrote;

    public Stream Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    /// <summary>Forgets what an attempt wrote, for the next attempt.</summary>
    public void Discard() => _held.SetLength(0);

    /// <summary>Hands what is held to the client.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync(cancellationToken);
        }
        if (_held.Length > 0)
        {
            await _inner.Stream.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), cancellationToken);
            _held.SetLength(0);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_passingThrough && _held.Length + buffer.Length > Limit)
        {
            _passingThrough = true;
            await ReleaseAsync(cancellationToken);
        }
        if (_passingThrough)
        {
            _wrote = true;
            await _inner.Stream.WriteAsync(buffer, cancellationToken);
            return;
        }
        _held.Write(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _passingThrough ? _inner.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
