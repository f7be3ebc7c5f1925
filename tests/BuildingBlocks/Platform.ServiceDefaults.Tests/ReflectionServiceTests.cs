using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using Platform.Grpc;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests;

public sealed class ReflectionServiceTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<ServerReflectionResponse>> AskAsync(params ServerReflectionRequest[] requests)
    {
        using var http = RawGrpc.CreateClient(_host.Address);
        var body = requests.SelectMany(r => RawGrpc.Frame(r)).ToArray();
        var (status, messages) = await RawGrpc.SendAsync(http, RawGrpc.Request("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", body));
        Assert.Equal(StatusCode.OK, status);
        return messages.Select(ServerReflectionResponse.Parser.ParseFrom).ToList();
    }

    [Fact]
    public async Task ServerReflectionInfo_ListServices_NamesEveryMappedService()
    {
        var response = (await AskAsync(new ServerReflectionRequest { ListServices = "*" })).Single();
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "platform.testing.v1.InteropTest"],
            response.ListServicesResponse.Service.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task ServerReflectionInfo_FileContainingSymbol_ReturnsBuildableDescriptorsWithDependencies()
    {
        var responses = await AskAsync(
            new ServerReflectionRequest { FileContainingSymbol = "platform.testing.v1.InteropTest" },
            new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.HealthCheckResponse.ServingStatus" },
            new ServerReflectionRequest { FileByFilename = "google/rpc/status.proto" });
        Assert.Equal(3, responses.Count);

        var files = responses[0].FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var interop = Assert.Single(files, f => f.Name == "platform/testing/v1/interop.proto");
        Assert.Contains(interop.Service.Single().Method, m => m.Name == "FullDuplexCall" && m.ClientStreaming && m.ServerStreaming);

        Assert.True(responses[1].FileDescriptorResponse is not null, responses[1].ToString());
        var health = FileDescriptorProto.Parser.ParseFrom(responses[1].FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc/health/v1/health.proto", health.Name);

        // A file is answered with its imports, so a client can build the descriptor pool.
        var status = responses[2].FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        Assert.Equal(["google/rpc/status.proto", "google/protobuf/any.proto"], status.Select(f => f.Name));
    }

    [Fact]
    public async Task ServerReflectionInfo_UnknownSymbol_NotFoundErrorResponse()
    {
        var response = (await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "no.Such" })).Single();
        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
        Assert.Contains("no.Such", response.ErrorResponse.ErrorMessage);
    }
}
