using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Platform.Domain;
using Platform.Grpc;
using Platform.Testing.V1;

namespace Platform.Testing;

/// <summary>Handler of platform.testing.v1.InteropTest: echoes, fails, delays and streams on request.</summary>
public sealed class InteropTestService : InteropTest.InteropTestBase
{
    public static ServiceDescriptor Descriptor => InteropTest.Descriptor;

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        if (request.Text.StartsWith("fail:", StringComparison.Ordinal) && FlakyCounter.TryTake(request.Text))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "flaky: try again"));
        }
        await WriteHeadersAsync(request, context);
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        if (request.Text == "validation")
        {
            throw new ValidationException([
                new FieldError("unit.credit_code", "check character is wrong: expected 'X', found '3'", "CHECK_CHARACTER"),
                new FieldError("rows[2].amount", "must not be negative"),
            ]);
        }
        if (request.Text == "crash")
        {
            throw new InvalidOperationException("secret internal detail");
        }
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
        var http = context.GetHttpContext();
        return new SimpleResponse
        {
            Payload = ByteString.CopyFrom(new byte[request.ResponseSize]),
            ReceivedSize = request.Payload.Length,
            Text = request.Text,
            RequestEncoding = http.Request.Headers["grpc-encoding"].ToString(),
            ConnectionId = http.Connection.Id,
            CallerName = context.Caller.Name ?? "",
            Caller = context.Caller.IsAnonymous ? "" : $"{context.Caller.Subject}|{string.Join(',', context.Caller.Roles)}|{context.Caller.RegionCode}",
        };
    }

    /// <summary>Same as UnaryCall, but declared idempotent in the proto: clients may retry it.</summary>
    public override Task<SimpleResponse> IdempotentCall(SimpleRequest request, ServerCallContext context) =>
        UnaryCall(request, context);

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.ResponseSizes.Count; i++)
        {
            if (request.IntervalMs > 0)
            {
                await Task.Delay(request.IntervalMs, context.CancellationToken);
            }
            await responseStream.WriteAsync(new StreamingOutputCallResponse
            {
                Index = i,
                Payload = ByteString.CopyFrom(new byte[request.ResponseSizes[i]]),
            });
        }
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        var response = new StreamingInputCallResponse();
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            response.AggregatedPayloadSize += message.Payload.Length;
            response.MessageCount++;
        }
        return response;
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            foreach (var size in request.ResponseSizes)
            {
                await responseStream.WriteAsync(new StreamingOutputCallResponse { Index = index++, Payload = ByteString.CopyFrom(new byte[size]) });
            }
        }
    }

    /// <summary>
    /// Echoes the request metadata named in echo_keys into response headers and trailers, and asks for a gzip response when
    /// compress_response is set (grpc-dotnet's per-call switch, grpc-internal-encoding-request). Headers go out once.
    /// </summary>
    private static async Task WriteHeadersAsync(SimpleRequest request, ServerCallContext context)
    {
        if (request.EchoKeys.Count == 0 && !request.CompressResponse)
        {
            return;
        }
        var headers = new Metadata();
        foreach (var key in request.EchoKeys)
        {
            foreach (var entry in context.RequestHeaders.GetAll(key))
            {
                if (entry.IsBinary)
                {
                    headers.Add(key, entry.ValueBytes);
                    context.ResponseTrailers.Add(key, entry.ValueBytes);
                }
                else
                {
                    headers.Add(key, entry.Value);
                    context.ResponseTrailers.Add(key, entry.Value);
                }
            }
        }
        if (request.CompressResponse)
        {
            headers.Add("grpc-internal-encoding-request", "gzip");
        }
        await context.WriteResponseHeadersAsync(headers);
    }
}

/// <summary>Counts down named failure budgets so retry tests can make a server fail N times.</summary>
public static class FlakyCounter
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Remaining = new();

    public static void Set(string key, int failures) => Remaining[key] = failures;

    public static bool TryTake(string key)
    {
        while (true)
        {
            if (!Remaining.TryGetValue(key, out var left) || left <= 0)
            {
                return false;
            }
            if (Remaining.TryUpdate(key, left - 1, left))
            {
                return true;
            }
        }
    }

    public static int Left(string key) => Remaining.GetValueOrDefault(key);
}
