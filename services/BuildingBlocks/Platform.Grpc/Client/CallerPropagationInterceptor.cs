using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Grpc.Security;

namespace Platform.Grpc.Client;

/// <summary>
/// Signs the ambient caller (<see cref="CallerContext.Current"/>: the caller of the call being served, or whoever a
/// background job runs as) into every outgoing call, at this host's clock, so that the peer applies its own checks to the
/// same person. A call that already carries x-platform-caller keeps it; an anonymous flow sends none.
/// </summary>
public sealed class CallerPropagationInterceptor(CallerTokenCodec codec, TimeProvider time) : Interceptor
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithCaller(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithCaller(context));

    private ClientInterceptorContext<TRequest, TResponse> WithCaller<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var caller = CallerContext.Current;
        if (caller.IsAnonymous || context.Options.Headers?.Get(CallerSigningOptions.MetadataKey) is not null)
        {
            return context;
        }
        var headers = context.Options.Headers ?? [];
        headers.Add(CallerSigningOptions.MetadataKey, codec.Sign(caller, time.GetUtcNow()));
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
