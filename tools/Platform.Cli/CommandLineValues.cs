using System.CommandLine.Parsing;
using System.Globalization;

namespace Platform.Cli;

/// <summary>
/// Values of options read with a Chinese message when they are wrong: System.CommandLine's own says "Cannot parse argument
/// 'abc' for option '--year' as expected type 'System.Nullable`1[System.Int32]'" (its zh-Hans resources do not cover it).
/// </summary>
internal static class CommandLineValues
{
    /// <summary>A whole number within [min, max] (digits only, as typed on a command line).</summary>
    public static int Int(ArgumentResult result, int min, int max)
    {
        var option = result.Parent is OptionResult o ? o.Option.Name : "值";
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        result.AddError($"{option}：“{text}”不是 {min} 到 {max} 之间的整数");
        return default;
    }
}
