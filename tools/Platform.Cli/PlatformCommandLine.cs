using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Platform.Cli;

/// <summary>The `platform` command line: its commands, and what a command line that does not parse gets.</summary>
internal static partial class PlatformCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("地区财政平台：部门决算、绩效自评、资产与车辆、信息公开。");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(DisclosureCommand.Create());
        root.Subcommands.Add(ImportDisclosureCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        // Services only, one a line: run-distributed.sh starts one process per line, and the gateway after them all.
        var services = new Command("services", "列出 `serve` 可承载的服务，每行一个名称（网关另以 `serve gateway` 承载）。");
        services.SetAction(_ =>
        {
            foreach (var entry in ServiceCatalog.Services)
            {
                Console.WriteLine(entry.Name);
            }
        });
        root.Subcommands.Add(services);
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Description = "显示帮助和用法。";
        }
        return root;
    }

    /// <summary>
    /// A command line that does not parse is bad input — exit 2, as every command's own refusals — not a finding (exit 1):
    /// its errors and where the usage is go to <paramref name="error"/>; anything else runs.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter error, TextWriter? output = null)
    {
        // System.CommandLine's own texts (help headings, "unrecognized argument") in Chinese: it ships a zh-Hans satellite
        // assembly, the only one in this tool's output, so nothing else changes language. Number formats (CurrentCulture) stay.
        CultureInfo.CurrentUICulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        var root = Create();
        var parsed = root.Parse(args);
        if (parsed.Action is HelpAction)
        {
            var help = new StringWriter();
            var shown = await parsed.InvokeAsync(new InvocationConfiguration { Output = help });
            await (output ?? Console.Out).WriteAsync(InChinese(help.ToString()));
            return shown;
        }
        if (parsed.Errors.Count == 0)
        {
            return await parsed.InvokeAsync();
        }
        foreach (var e in parsed.Errors)
        {
            // System.CommandLine's zh-Hans texts keep the English sentence's quotes and full stop ("“'x'”", "。."): tidied.
            // A required option missing is among what they leave English ("Option '--role' is required.").
            var message = RequiredOption().Replace(e.Message, "缺少必需的选项 $1");
            await error.WriteLineAsync(message.Replace("“'", "“", StringComparison.Ordinal).Replace("'”", "”", StringComparison.Ordinal).Replace("。.", "。", StringComparison.Ordinal).Replace("”.", "”。", StringComparison.Ordinal));
        }
        var path = new List<string>();
        for (var at = parsed.CommandResult; at.Command != root && at.Parent is CommandResult parent; at = parent)
        {
            path.Insert(0, at.Command.Name);
        }
        await error.WriteLineAsync($"用法见：./platform {string.Join(' ', path.Append("--help"))}");
        return 2;
    }

    /// <summary>
    /// System.CommandLine's help with what its zh-Hans resources leave English: the description's title, a default value's
    /// label, the usage line's [command] and [options]. Its help builder is internal in 2.0, so the text it writes is
    /// finished here.
    /// </summary>
    internal static string InChinese(string help) =>
        DefaultLabel().Replace(DescriptionTitle().Replace(help, "说明："), "[默认：$1]")
            .Replace(" [command]", " [命令]", StringComparison.Ordinal).Replace(" [options]", " [选项]", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"^Description:", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex DescriptionTitle();

    [System.Text.RegularExpressions.GeneratedRegex(@"^Option '([^']+)' is required\.$")]
    private static partial System.Text.RegularExpressions.Regex RequiredOption();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[default: ([^\]]*)\]")]
    private static partial System.Text.RegularExpressions.Regex DefaultLabel();

    /// <summary>
    /// <see cref="Unreadable"/> for `disclosure check` and `render`: a file that is not final accounts but holds a
    /// self-evaluation form — whatever its document_kind says — is pointed to `score`, the command that reads it.
    /// </summary>
    internal static string UnreadableDisclosure(Exception ex, FileSystemInfo path) =>
        Unreadable(ex, path) + (ex is Platform.Domain.ValidationException v && v.Errors.Any(e => e.Code == "NOT_FINAL_ACCOUNTS") && HoldsSelfEvaluation(path)
            ? "；绩效自评表请用 ./platform score 计分与审核"
            : "");

    private static bool HoldsSelfEvaluation(FileSystemInfo path)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path.FullName));
            return Platform.Performance.Domain.Forms.ProjectFormReader.Read(document.RootElement).Forms.Count > 0
                || Platform.Performance.Domain.Forms.OverallForm.Read(document.RootElement).Form is not null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException or Platform.Domain.ValidationException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Why a transcription could not be read, in Chinese (the exceptions' own messages are English).</summary>
    internal static string Unreadable(Exception ex, FileSystemInfo? path = null) => ex switch
    {
        UnauthorizedAccessException when path is not null && Directory.Exists(path.FullName) => "是目录，不是文件",
        System.Text.Json.JsonException json => $"不是有效的 JSON（第 {(json.LineNumber ?? 0) + 1} 行附近）",
        FileNotFoundException or DirectoryNotFoundException => "文件不存在",
        UnauthorizedAccessException => "无权读取该文件",
        // "file" is the whole file the line already names: its reason alone (the path of a field inside it stays).
        Platform.Domain.ValidationException refused => string.Join("；", refused.Errors.Select(e => e.Field is "file" or "" ? e.Reason : $"{e.Field}：{e.Reason}")),
        _ => "无法读取该文件",
    };

    /// <summary>
    /// A file argument that refuses what looks like an option ("--bogus"): System.CommandLine would take it as a file name
    /// and the user would read "file not found" for a typo in an option.
    /// </summary>
    public static Argument<FileInfo> FileArgument(string name, string description) =>
        RefusingOptions(new Argument<FileInfo>(name) { Description = description });

    /// <summary><paramref name="argument"/>, refusing a token that looks like an option.</summary>
    public static T RefusingOptions<T>(T argument) where T : Argument
    {
        argument.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault()?.Value is { } token && token.StartsWith('-'))
            {
                result.AddError($"未识别的选项：{token}");
            }
        });
        return argument;
    }

}
