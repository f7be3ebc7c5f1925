using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

// The browser side of the portal: only interactive components the server pages place (no routes of its own).
var builder = WebAssemblyHostBuilder.CreateDefault(args);
await builder.Build().RunAsync();
