using Microsoft.AspNetCore.Builder;
using Platform.Identity.Host;
using Platform.ServiceDefaults;

// The identity service alone (`dotnet run --project services/Identity/Platform.Identity.Host`), configured like every host by
// environment variables (README "Configuration"); `./platform run` composes the same registration with the other services.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(IdentityServiceExtensions.Name);
builder.AddIdentityService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIdentityService();
app.Run();
