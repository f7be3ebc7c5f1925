using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests;

/// <summary>Server reflection (Grpc.AspNetCore.Server.Reflection) as every host maps it: what grpcurl and Postman see.</summary>
public sealed class ReflectionServiceTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<ServerReflectionResponse>> AskAsync(params ServerReflectionRequest[] requests)
    {
        using var channel = _host.Channel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(20));
        var responses = new List<ServerReflectionResponse>();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            responses.Add(call.ResponseStream.Current);
        }
        await call.RequestStream.CompleteAsync();
        return responses;
    }

    [Fact]
    public async Task ServerReflectionInfo_ListServices_NamesEveryMappedService()
    {
        var response = (await AskAsync(new ServerReflectionRequest { ListServices = "*" })).Single();
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "platform.testing.v1.InteropTest", "platform.testing.v1.JsonTest"],
            response.ListServicesResponse.Service.Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ServerReflectionInfo_FileContainingSymbol_ReturnsBuildableDescriptors()
    {
        var responses = await AskAsync(
            new ServerReflectionRequest { FileContainingSymbol = "platform.testing.v1.InteropTest" },
            new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.HealthCheckResponse.ServingStatus" });

        var files = responses[0].FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var interop = Assert.Single(files, f => f.Name == "platform/testing/v1/interop.proto");
        Assert.Contains(interop.Service.Single().Method, m => m.Name == "FullDuplexCall" && m.ClientStreaming && m.ServerStreaming);
        // What a client gets is enough to build the descriptors and call the service without a local .proto.
        var built = FileDescriptor.BuildFromByteStrings(responses[0].FileDescriptorResponse.FileDescriptorProto);
        Assert.Contains(built, f => f.FindTypeByName<ServiceDescriptor>("InteropTest") is not null);

        var health = FileDescriptorProto.Parser.ParseFrom(responses[1].FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Contains(health.Service, s => s.Name == "Health");
    }

    [Fact]
    public async Task ServerReflectionInfo_UnknownSymbol_NotFoundErrorResponse()
    {
        var response = (await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "no.Such" })).Single();
        Assert.Equal((int)global::Grpc.Core.StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }
}
