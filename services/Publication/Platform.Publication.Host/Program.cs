using Microsoft.AspNetCore.Builder;
using Platform.Publication.Host;
using Platform.ServiceDefaults;

// The publication service alone (`dotnet run --project services/Publication/Platform.Publication.Host`), configured like every host by environment variables
// (README "Configuration"); `./platform run` composes the same registration with the other services in one process.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(PublicationServiceExtensions.Name);
builder.AddPublicationService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPublicationService();
app.Run();
