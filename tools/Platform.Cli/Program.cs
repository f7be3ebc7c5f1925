using System.CommandLine;
using Platform.Cli;

var root = new RootCommand("Regional public-finance platform: final accounts, performance, assets, publication.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(TokenCommand.Create());
root.Subcommands.Add(DisclosureCommand.Create());
root.Subcommands.Add(ImportDisclosureCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
var services = new Command("services", "List the services `serve` can host, one name per line.");
services.SetAction(_ =>
{
    foreach (var entry in ServiceCatalog.Services)
    {
        Console.WriteLine(entry.Name);
    }
});
root.Subcommands.Add(services);
return await root.Parse(args).InvokeAsync();
