using Microsoft.AspNetCore.Builder;
using Platform.Assets.Host;
using Platform.ServiceDefaults;

// The assets service alone (`dotnet run --project services/Assets/Platform.Assets.Host`), configured like every host by environment variables
// (README "Configuration"); `./platform run` composes the same registration with the other services in one process.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(AssetsServiceExtensions.Name);
builder.AddAssetsService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAssetsService();
app.Run();
