using Microsoft.AspNetCore.Builder;
using Platform.Registry.Host;
using Platform.ServiceDefaults;

// The registry service alone (`dotnet run --project services/Registry/Platform.Registry.Host`), configured like every host by environment variables
// (README "Configuration"); `./platform run` composes the same registration with the other services in one process.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(RegistryServiceExtensions.Name);
builder.AddRegistryService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRegistryService();
app.Run();
