using Google.Protobuf;

namespace Platform.Grpc.Client;

/// <summary>A running server-streaming call. Disposing it before the end cancels the call.</summary>
public sealed class ServerStreamingCall<TResponse> : IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly Task<HttpResponseMessage> _response;
    private readonly CallScope _scope;
    private (Status Status, Metadata Trailers)? _final;

    internal ServerStreamingCall(Task<HttpResponseMessage> response, CallScope scope, MessageParser<TResponse> parser, int maxSize)
    {
        _response = response;
        _scope = scope;
        ResponseStream = new Reader(this, parser, maxSize);
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public async Task<Metadata> ResponseHeadersAsync()
    {
        var response = await _response.ConfigureAwait(false);
        return ResponseReader.ReadHeaders(response);
    }

    /// <summary>Status after the stream ended (MoveNext returned false or threw).</summary>
    public Status GetStatus() => _final?.Status ?? throw new InvalidOperationException("The call has not finished.");

    public Metadata GetTrailers() => _final?.Trailers ?? throw new InvalidOperationException("The call has not finished.");

    public void Dispose()
    {
        _scope.Dispose();
        if (_response.IsCompletedSuccessfully)
        {
            _response.Result.Dispose();
        }
        else
        {
            _response.ContinueWith(t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); }, TaskScheduler.Default);
        }
    }

    private sealed class Reader(ServerStreamingCall<TResponse> call, MessageParser<TResponse> parser, int maxSize) : IAsyncStreamReader<TResponse>
    {
        private Stream? _stream;
        private string? _encoding;
        private TResponse? _current;

        public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

        public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
        {
            if (call._final is not null)
            {
                return false;
            }
            using var registration = cancellationToken.Register(static s => ((CallScope)s!).Cancel(), call._scope);
            try
            {
                var response = await call._response.ConfigureAwait(false);
                if (_stream is null)
                {
                    if (ResponseReader.TrailersOnlyStatus(response) is { } early)
                    {
                        return Finish(early);
                    }
                    _stream = await response.Content.ReadAsStreamAsync(call._scope.Token).ConfigureAwait(false);
                    _encoding = ResponseReader.Encoding(response);
                }
                _current = await ResponseReader.ReadMessageAsync(_stream, parser, _encoding, maxSize, call._scope.Token).ConfigureAwait(false);
                if (_current is not null)
                {
                    return true;
                }
                return Finish(ResponseReader.ReadTrailers(response));
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                var translated = cancellationToken.IsCancellationRequested
                    ? new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."), null, ex)
                    : call._scope.Translate(ex);
                call._final = (translated.Status, translated.Trailers);
                throw translated;
            }
            catch (RpcException ex)
            {
                call._final ??= (ex.Status, ex.Trailers);
                throw;
            }
        }

        private bool Finish((Status Status, Metadata Trailers) final)
        {
            call._final = final;
            if (final.Status.Code != StatusCode.OK)
            {
                throw new RpcException(final.Status, final.Trailers);
            }
            return false;
        }
    }
}
