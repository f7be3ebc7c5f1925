using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.Grpc;

public static class GrpcServerExtensions
{
    /// <summary>Registers the gRPC server transport. Interceptors are added as IServerInterceptor singletons.</summary>
    public static IServiceCollection AddGrpcTransport(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        var options = new GrpcServerOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ExceptionStatusMapper>();
        services.TryAddSingleton<GrpcServiceRegistry>();
        return services;
    }

    /// <summary>
    /// Serves <paramref name="service"/> with <typeparamref name="THandler"/>. Throws at start-up if any
    /// rpc lacks a handler method of the right shape.
    /// </summary>
    public static IApplicationBuilder MapGrpcService<THandler>(this IApplicationBuilder app, ServiceDescriptor service)
        where THandler : class
    {
        var registry = app.ApplicationServices.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcTransport() before mapping gRPC services.");
        registry.Add(typeof(THandler), service);
        return app;
    }

    /// <summary>Puts the gRPC dispatcher into the pipeline; place it before endpoint routing.</summary>
    public static IApplicationBuilder UseGrpcTransport(this IApplicationBuilder app) =>
        app.UseMiddleware<GrpcDispatcher>();
}
