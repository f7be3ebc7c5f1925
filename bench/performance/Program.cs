using System.Diagnostics;
using System.Text.Json;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

// Every project form of the given transcriptions, scored under each shipped policy on one thread: the audit (funds,
// weights, totals, values, units), every indicator with its explanation, the execution score, total and grade.
// Reading the JSON is outside the timed loop (done once); parsing the printed targets and actuals is inside it: an
// indicator's reading is kept with the indicator object, so each scoring gets fresh copies of the indicators (as a form
// read from a request or a file would be) — the copying is timed too.
// Median of 7 one-second runs after a warm-up.
var forms = new List<ProjectForm>();
foreach (var path in args)
{
    using var document = JsonDocument.Parse(File.ReadAllText(path));
    forms.AddRange(ProjectFormReader.Read(document.RootElement).Forms);
}
var indicators = forms.Sum(f => f.Indicators.Count(i => !i.IsEmpty));
Console.WriteLine($"{forms.Count} forms, {indicators} indicators, from {string.Join(", ", args.Select(Path.GetFileName))}");
foreach (var policy in ScoringPolicy.LoadShipped())
{
    var checksum = forms.Sum(f => ScoringEngine.Score(f, policy).ComputedTotal);
    for (var i = 0; i < 2000; i++)
    {
        ScoringEngine.Score(forms[i % forms.Count], policy);
    }
    var rates = new List<double>();
    for (var run = 0; run < 7; run++)
    {
        var n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 1000)
        {
            foreach (var form in forms)
            {
                if (ScoringEngine.Score(Fresh(form), policy).ComputedTotal < 0)
                {
                    throw new InvalidOperationException("negative total");
                }
                n++;
            }
        }
        rates.Add(n / watch.Elapsed.TotalSeconds);
    }
    rates.Sort();
    Console.WriteLine($"policy {policy.Id}: median {rates[3]:0} forms/s (runs {string.Join(" ", rates.Select(r => r.ToString("0")))}); sum of computed totals {checksum}");
}

// Copies of the indicators: each reads its printed cells afresh (Indicator's copy constructor).
static ProjectForm Fresh(ProjectForm form) => form with { Indicators = [.. form.Indicators.Select(i => i with { })] };
