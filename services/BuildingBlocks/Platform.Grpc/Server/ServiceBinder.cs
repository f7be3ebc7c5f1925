using System.Reflection;
using Google.Protobuf.Reflection;

namespace Platform.Grpc;

/// <summary>
/// Binds a handler class to a protoc-generated service descriptor. Every rpc must have a public
/// instance method of the same name and shape, otherwise start-up fails listing each problem:
///   unary            Task&lt;Resp&gt; M(Req, ServerCallContext)
///   server streaming Task M(Req, IServerStreamWriter&lt;Resp&gt;, ServerCallContext)
///   client streaming Task&lt;Resp&gt; M(IAsyncStreamReader&lt;Req&gt;, ServerCallContext)
///   bidirectional    Task M(IAsyncStreamReader&lt;Req&gt;, IServerStreamWriter&lt;Resp&gt;, ServerCallContext)
/// Delegates are created once here, so no reflection runs per call.
/// </summary>
internal static class ServiceBinder
{
    public static IReadOnlyList<ServerMethod> Bind(Type handlerType, ServiceDescriptor service)
    {
        var errors = new List<string>();
        var bound = new List<ServerMethod>();
        foreach (var rpc in service.Methods)
        {
            var request = rpc.InputType.ClrType;
            var response = rpc.OutputType.ClrType;
            var (returnType, parameters) = ExpectedShape(rpc, request, response);
            var expected = Describe(rpc.Name, returnType, parameters);
            var candidates = handlerType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == rpc.Name)
                .ToList();
            var match = candidates.FirstOrDefault(m =>
                m.ReturnType == returnType
                && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters));
            if (match is null)
            {
                var found = candidates.Count == 0
                    ? "no public method of that name"
                    : "found " + string.Join(", ", candidates.Select(c => Describe(c.Name, c.ReturnType, c.GetParameters().Select(p => p.ParameterType).ToArray())));
                errors.Add($"rpc {service.FullName}.{rpc.Name}: expected {expected}; {found}.");
                continue;
            }
            bound.Add(Create(handlerType, rpc, request, response, match));
        }
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Handler {handlerType.FullName} does not implement service {service.FullName}:{Environment.NewLine} - "
                + string.Join(Environment.NewLine + " - ", errors));
        }
        return bound;
    }

    private static (Type Return, Type[] Parameters) ExpectedShape(MethodDescriptor rpc, Type request, Type response)
    {
        var context = typeof(ServerCallContext);
        var reader = typeof(IAsyncStreamReader<>).MakeGenericType(request);
        var writer = typeof(IServerStreamWriter<>).MakeGenericType(response);
        var taskOfResponse = typeof(Task<>).MakeGenericType(response);
        return (rpc.IsClientStreaming, rpc.IsServerStreaming) switch
        {
            (false, false) => (taskOfResponse, [request, context]),
            (false, true) => (typeof(Task), [request, writer, context]),
            (true, false) => (taskOfResponse, [reader, context]),
            (true, true) => (typeof(Task), [reader, writer, context]),
        };
    }

    private static ServerMethod Create(Type handlerType, MethodDescriptor rpc, Type request, Type response, MethodInfo method)
    {
        Type open;
        Type delegateType;
        if (!rpc.IsClientStreaming && !rpc.IsServerStreaming)
        {
            open = typeof(UnaryServerMethod<,,>);
            delegateType = typeof(Func<,,,>).MakeGenericType(handlerType, request, typeof(ServerCallContext), typeof(Task<>).MakeGenericType(response));
        }
        else if (!rpc.IsClientStreaming)
        {
            open = typeof(ServerStreamingServerMethod<,,>);
            delegateType = typeof(Func<,,,,>).MakeGenericType(handlerType, request, typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext), typeof(Task));
        }
        else if (!rpc.IsServerStreaming)
        {
            open = typeof(ClientStreamingServerMethod<,,>);
            delegateType = typeof(Func<,,,>).MakeGenericType(handlerType, typeof(IAsyncStreamReader<>).MakeGenericType(request), typeof(ServerCallContext), typeof(Task<>).MakeGenericType(response));
        }
        else
        {
            open = typeof(DuplexStreamingServerMethod<,,>);
            delegateType = typeof(Func<,,,,>).MakeGenericType(handlerType, typeof(IAsyncStreamReader<>).MakeGenericType(request), typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext), typeof(Task));
        }
        var invoker = method.CreateDelegate(delegateType);
        return (ServerMethod)Activator.CreateInstance(open.MakeGenericType(handlerType, request, response), rpc, invoker)!;
    }

    private static string Describe(string name, Type returnType, IEnumerable<Type> parameters) =>
        $"{TypeName(returnType)} {name}({string.Join(", ", parameters.Select(TypeName))})";

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
