using System.Diagnostics;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;

// Full validation of a return (every table, every rule of the year, with a prior year) on one thread, two
// returns: disclosure 000 as published (133 figures + 40 prior-year figures), and a generated filed return with
// 300 项 rows in the classification tables (computed cells derived first, as on every save). Median of 7 runs.
var reference = ReferenceDataSet.LoadShipped();
var rules = reference.RulesFor(2022, "650100");
var path = args.Length > 0 ? args[0] : "services/Demo/disclosures/000_bb240cb5f2680099.json";
PublishedReturn document;
using (var file = File.OpenRead(path))
{
    document = DisclosureReader.Read(file, Path.GetFileName(path), reference.CodesFor);
}
var published = document.CurrentCellSet();

var template = reference.TemplateFor(2022);
var codes = reference.CodesFor(2022);
var leaves = codes.Get("functional").Codes.Where(c => c.Length == 7).ToList();
var economic = codes.Get("economic").Codes.Where(c => c.Length == 5).ToList();
var inputs = new Dictionary<CellKey, decimal>();
var random = new Random(42);
for (var i = 0; i < 300; i++)
{
    var code = leaves[i % leaves.Count];
    foreach (var (table, columns) in new[] { ("Z02", new[] { "FISCAL", "OTHER" }), ("Z03", new[] { "BASIC", "PROJECT" }), ("Z05", new[] { "BASIC", "PROJECT" }) })
    {
        foreach (var column in columns)
        {
            inputs[new CellKey(table, code, column)] = random.Next(0, 1_000_000) + random.Next(0, 100) / 100m;
        }
    }
}
foreach (var code in economic)
{
    inputs[new CellKey("Z06", code, "AMT")] = random.Next(0, 500_000);
}
var filed = ReturnCalculator.Compute(template, codes, new CellSet(inputs, true, AccountsReturn.FiledRoundingUnit));
filed = filed.WithPrior(filed);
Console.WriteLine($"rules compiled for 2022: {rules.Count}; 000: {published.Count} cells; generated filed return: {filed.Count} cells");

Measure("000 as published (validate)", () => rules.Evaluate(published).Count);
Measure("generated filed return (validate)", () => rules.Evaluate(filed).Count);
Measure("generated filed return (compute + validate)", () => rules.Evaluate(ReturnCalculator.Compute(template, codes, new CellSet(inputs, true, 0.01m)).WithPrior(filed)).Count);

static void Measure(string name, Func<int> validate)
{
    for (var i = 0; i < 200; i++)
    {
        validate();
    }
    var rates = new List<double>();
    for (var run = 0; run < 7; run++)
    {
        var n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 1000)
        {
            validate();
            n++;
        }
        rates.Add(n / watch.Elapsed.TotalSeconds);
    }
    rates.Sort();
    Console.WriteLine($"{name}: median {rates[3]:0} returns/s on one thread (min {rates[0]:0}, max {rates[^1]:0})");
}
