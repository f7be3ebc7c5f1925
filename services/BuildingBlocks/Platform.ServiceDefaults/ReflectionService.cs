using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using Platform.Grpc;

namespace Platform.ServiceDefaults;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection (grpc/doc/server-reflection.md) over the descriptors the
/// host maps, so grpcurl, grpc_cli or Postman can list and call the platform's services without
/// local .proto files. File answers include transitive dependencies, as stock clients expect.
/// </summary>
internal sealed class ReflectionService(GrpcServiceRegistry registry)
{
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        var index = new SymbolIndex(registry.Services);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
            switch (request.MessageRequestCase)
            {
                case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                    var list = new ListServiceResponse();
                    foreach (var service in registry.Services)
                    {
                        list.Service.Add(new ServiceResponse { Name = service.FullName });
                    }
                    response.ListServicesResponse = list;
                    break;
                case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                    SetFile(response, index.FindFile(request.FileByFilename), $"File not found: {request.FileByFilename}");
                    break;
                case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                    SetFile(response, index.FindSymbol(request.FileContainingSymbol), $"Symbol not found: {request.FileContainingSymbol}");
                    break;
                case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                    // The platform's protos declare no extensions (proto3); an empty list is the true answer for known types.
                    if (index.HasMessage(request.AllExtensionNumbersOfType))
                    {
                        response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                    }
                    else
                    {
                        response.ErrorResponse = NotFound($"Type not found: {request.AllExtensionNumbersOfType}");
                    }
                    break;
                default:
                    response.ErrorResponse = new ErrorResponse { ErrorCode = (int)StatusCode.Unimplemented, ErrorMessage = "Request type not supported." };
                    break;
            }
            await responseStream.WriteAsync(response);
        }
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            response.ErrorResponse = NotFound(notFound);
            return;
        }
        var files = new FileDescriptorResponse();
        var seen = new HashSet<string>();
        var queue = new Queue<FileDescriptor>([file]);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!seen.Add(next.Name))
            {
                continue;
            }
            files.FileDescriptorProto.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                queue.Enqueue(dependency);
            }
        }
        response.FileDescriptorResponse = files;
    }

    private static ErrorResponse NotFound(string message) => new() { ErrorCode = (int)StatusCode.NotFound, ErrorMessage = message };

    private sealed class SymbolIndex
    {
        private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
        private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

        public SymbolIndex(IEnumerable<ServiceDescriptor> services)
        {
            foreach (var service in services)
            {
                AddFile(service.File);
            }
            // The rich error model travels in grpc-status-details-bin, outside any rpc signature:
            // offer its files too, so tools can decode field violations.
            AddFile(Google.Rpc.StatusReflection.Descriptor);
            AddFile(Google.Rpc.ErrorDetailsReflection.Descriptor);
        }

        public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

        public FileDescriptor? FindSymbol(string symbol) => _symbols.GetValueOrDefault(symbol.TrimStart('.'));

        public bool HasMessage(string name) => _messages.Contains(name.TrimStart('.'));

        private void AddFile(FileDescriptor file)
        {
            if (!_files.TryAdd(file.Name, file))
            {
                return;
            }
            foreach (var service in file.Services)
            {
                _symbols[service.FullName] = file;
                foreach (var method in service.Methods)
                {
                    _symbols[method.FullName] = file;
                }
            }
            foreach (var message in file.MessageTypes)
            {
                AddMessage(message, file);
            }
            foreach (var e in file.EnumTypes)
            {
                _symbols[e.FullName] = file;
            }
            foreach (var dependency in file.Dependencies)
            {
                AddFile(dependency);
            }
        }

        private void AddMessage(MessageDescriptor message, FileDescriptor file)
        {
            _symbols[message.FullName] = file;
            _messages.Add(message.FullName);
            foreach (var nested in message.NestedTypes)
            {
                AddMessage(nested, file);
            }
            foreach (var e in message.EnumTypes)
            {
                _symbols[e.FullName] = file;
            }
        }
    }
}
