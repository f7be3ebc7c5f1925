using Microsoft.AspNetCore.Builder;
using Platform.Performance.Host;
using Platform.ServiceDefaults;

// The performance service alone (`dotnet run --project services/Performance/Platform.Performance.Host`), configured like every host by environment variables
// (README "Configuration"); `./platform run` composes the same registration with the other services in one process.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(PerformanceServiceExtensions.Name);
builder.AddPerformanceService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPerformanceService();
app.Run();
