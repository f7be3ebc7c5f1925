using Microsoft.AspNetCore.Builder;
using Platform.Accounts.Host;
using Platform.ServiceDefaults;

// The accounts service alone (`dotnet run --project services/Accounts/Platform.Accounts.Host`), configured like every host by environment variables
// (README "Configuration"); `./platform run` composes the same registration with the other services in one process.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(AccountsServiceExtensions.Name);
builder.AddAccountsService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAccountsService();
app.Run();
