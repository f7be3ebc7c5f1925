namespace Platform.Performance.Domain.Values;

/// <summary>
/// The words of qualitative targets and actuals and the level each states. Negation and "partly" are read first:
/// 未达到预期效果 is not achieved although it contains 达到. A phrase none of these covers is not guessed at.
/// </summary>
internal static class QualitativeLexicon
{
    private static readonly string[] NotAchieved = ["未达到", "未达成", "未完成", "没有达到", "不达标", "未实现", "不合规", "不及时", "不符合", "不规范"];

    private static readonly string[] Partial = ["部分达到", "部分实现", "部分完成", "基本达到", "基本实现", "基本完成", "基本达成"];

    // What a target promises or an actual reports in words: achievement, assurance, improvement, effect.
    private static readonly string[] Achieved =
    [
        "达成年度指标", "完全达到", "全面完成", "达到预期", "已完成", "完成", "达成", "达标", "实现",
        "有效保障", "有效提供", "有效提升", "有效提高", "有效", "显著提高", "显著提升", "显著", "效果明显", "效果显著", "明显",
        "持续保障", "持续提升", "持续提高", "持续", "长期保障", "长期", "保障", "确保", "提升", "提高", "改善", "贯彻落实", "落实",
        "良好", "满意", "合格", "优秀", "通过", "有利于",
        // Targets of compliance and timeliness, as printed: 合规, 及时, 符合相关规定, 严格执行相关制度规定.
        "合规", "及时", "符合", "严格执行", "规范",
    ];

    /// <summary>Answers of a yes/no indicator, and whether each is yes.</summary>
    private static readonly Dictionary<string, bool> Answers = new(StringComparer.Ordinal) { ["是"] = true, ["有"] = true, ["否"] = false, ["无"] = false };

    /// <summary>The answer the whole text is ("是", "否。"), or null.</summary>
    public static bool? Answer(string words) => Answers.TryGetValue(words.TrimEnd('。', '.'), out var yes) ? yes : null;

    /// <summary>Negations that stand right before the word they turn.</summary>
    private static readonly string[] Negations = ["不够", "不完全", "没有", "未", "不", "没"];

    /// <summary>A negation right before the word, or "未按 …" a few characters before it ("未按规定及时拨付").</summary>
    private static bool Negated(string words, int at)
    {
        var before = words[Math.Max(0, at - 5)..at];
        return Negations.Any(n => before.EndsWith(n, StringComparison.Ordinal)) || before.Contains("未按", StringComparison.Ordinal);
    }

    /// <summary>Verbs that open a statement of achievement ("达成预期指标", "完成年度指标"), not a name.</summary>
    private static readonly string[] StatementVerbs = ["达成", "达到", "完成", "实现", "全面完成", "完全达到"];

    /// <summary>The text states an achievement (it opens with a verb of achievement or of its negation), whatever it ends with.</summary>
    public static bool IsStatement(string words) =>
        StatementVerbs.Any(v => words.StartsWith(v, StringComparison.Ordinal)) || NotAchieved.Concat(Partial).Any(v => words.StartsWith(v, StringComparison.Ordinal));

    /// <summary>The whole text is one of the lexicon's phrases.</summary>
    public static bool IsPhrase(string words) => NotAchieved.Contains(words) || Partial.Contains(words) || Achieved.Contains(words);

    public static QualitativeLevel? Level(string words)
    {
        if (NotAchieved.Any(w => words.Contains(w, StringComparison.Ordinal)))
        {
            return QualitativeLevel.NotAchieved;
        }
        if (Partial.Any(w => words.Contains(w, StringComparison.Ordinal)))
        {
            return QualitativeLevel.Partial;
        }
        var achieved = Achieved.Where(w => words.Contains(w, StringComparison.Ordinal)).ToList();
        if (achieved.Count == 0)
        {
            return null;
        }
        // "未及时", "不够规范", "未按规定及时拨付": a negation just before an achieved word (within a few characters) turns it.
        return achieved.Any(w => Negated(words, words.IndexOf(w, StringComparison.Ordinal))) ? QualitativeLevel.NotAchieved : QualitativeLevel.Achieved;
    }
}
