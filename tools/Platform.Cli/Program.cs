using Platform.Cli;

return await PlatformCommandLine.InvokeAsync(args, Console.Error);
