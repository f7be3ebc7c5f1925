using System.Globalization;
using Platform.Cli;

// System.CommandLine's own texts (help headings, "unrecognized argument") in Chinese: it ships a zh-Hans satellite
// assembly, the only one in this tool's output, so nothing else changes language. Number formats (CurrentCulture) stay.
CultureInfo.CurrentUICulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");

return await PlatformCommandLine.InvokeAsync(args, Console.Error);
