using Microsoft.AspNetCore.Builder;
using Platform.Gateway;

// The gateway alone (`dotnet run --project gateway/Platform.Gateway`), in front of the services its clusters name
// (gateway.routes.json, overridden by ReverseProxy__Clusters__… in the environment; README "Gateway").
var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();
