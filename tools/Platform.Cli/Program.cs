using System.CommandLine;
using Platform.Cli;

var root = new RootCommand("Regional public-finance platform: final accounts, performance, assets, publication.");
root.Subcommands.Add(RunCommand.Create());
return await root.Parse(args).InvokeAsync();
