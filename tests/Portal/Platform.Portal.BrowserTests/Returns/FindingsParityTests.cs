using System.Text.Json;
using Microsoft.Playwright;
using Platform.Testing.Accounts;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>
/// The browser's findings are the server's, on every shipped rule, over a set of returns: the empty return, a consistent
/// one (last year's the same), that return with each of its typed cells changed in turn (every table, every input, blank
/// ones included: each a return of its own), and with its warnings explained. For each, the server's findings (the page as
/// the server renders it, after the return was saved) and the browser's (the grid's rule engine in WebAssembly, on what
/// was typed) must be the same list, and together the returns must raise every rule the platform runs on filed returns.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class FindingsParityTests(PortalFixture portal)
{
    private const string Unit = "urumqi-seismic";
    /// <summary>A year (and the one before) no other test of the collection files for this unit (it is registered from 2022).</summary>
    private const int Year = 2028;

    /// <summary>Saves the page's form as a draft (the autosave's address, which this test calls itself), and moves the form to the new revision.</summary>
    private const string SaveDraftScript = """
        async () => {
          const form = document.querySelector('form.grid-form');
          const data = new FormData(form);
          data.delete('action');
          const response = await fetch(form.dataset.parityDraft, { method: 'POST', body: data, headers: { Accept: 'application/json' } });
          const answer = await response.json();
          if (!response.ok) return 'refused: ' + (answer.message || response.status);
          form.querySelector('input[type=hidden][name=revision]').value = String(answer.revision);
          for (const [name, value] of data.entries()) {
            const original = name.startsWith('c:') ? form.querySelector(`input[type=hidden][name="o:${name.slice(2)}"]`) : null;
            if (original) original.value = String(value).trim();
          }
          return '';
        }
        """;

    /// <summary>The page's own autosave would race the test's saves (two drafts on one revision): it is turned off here.</summary>
    private const string TakeOverAutosaveScript = """
        () => { const form = document.querySelector('form.grid-form'); form.dataset.parityDraft = form.dataset.autosave; delete form.dataset.autosave; }
        """;

    [Fact]
    public async Task Findings_SetOfReturns_BrowserEqualsServerOnEveryShippedRule()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.WithScreenshotOnFailureAsync(page, nameof(Findings_SetOfReturns_BrowserEqualsServerOnEveryShippedRule), async () =>
        {
            var fired = new HashSet<string>(StringComparer.Ordinal);
            var compared = 0;
            await PortalFixture.SignInAsync(page, DemoUsers.SeismicClerk, DemoUsers.ClerkPassword, ReturnPages.Path(Unit, Year - 1));

            // Last year: the consistent return, so that this year's year-on-year rules have something to compare with.
            await StartAsync(page, Year - 1);
            await ReturnPages.OpenLiveAsync(page, Unit, Year - 1, "Z01");
            await page.EvaluateAsync(TakeOverAutosaveScript);
            await AddFieldsAsync(page, SampleReturns.Consistent2022);
            Assert.Equal("", await page.EvaluateAsync<string>(SaveDraftScript));

            // This year, empty.
            await StartAsync(page, Year);
            await ReturnPages.OpenLiveAsync(page, Unit, Year, "Z01");
            fired.UnionWith(await AssertSameAsync(page, "the empty return"));
            compared++;

            // This year, consistent and as last year.
            await page.EvaluateAsync(TakeOverAutosaveScript);
            await AddFieldsAsync(page, SampleReturns.Consistent2022);
            Assert.Equal("", await page.EvaluateAsync<string>(SaveDraftScript));

            // Each input of each table changed in turn (typed in the browser, saved, compared), then put back.
            var tables = SampleReturns.Consistent2022.Select(c => c.Cell[..c.Cell.IndexOf('[', StringComparison.Ordinal)]).Distinct().ToList();
            foreach (var table in tables)
            {
                await ReturnPages.OpenLiveAsync(page, Unit, Year, table);
                await page.EvaluateAsync(TakeOverAutosaveScript);
                var serverOnlyAtLoad = new List<string>();
                fired.UnionWith(await AssertSameAsync(page, $"the consistent return ({table})", serverOnlyAtLoad: serverOnlyAtLoad));
                compared++;
                var inputs = await page.Locator("table.grid tbody input[name^='c:']").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.name.slice(2))");
                foreach (var cell in inputs)
                {
                    var input = ReturnPages.Cell(page, cell);
                    var original = await input.InputValueAsync();
                    var changed = decimal.TryParse(original, System.Globalization.CultureInfo.InvariantCulture, out var value)
                        ? (value * 2 + 7).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : "7";
                    await TypeAsync(page, input, changed);
                    var refused = await page.EvaluateAsync<string>(SaveDraftScript);
                    Assert.True(refused.Length == 0, $"{cell} = {changed}: {refused}");
                    fired.UnionWith(await AssertSameAsync(page, $"{cell} = {changed} (was '{original}')", typedSinceLoading: true, serverOnlyAtLoad: serverOnlyAtLoad));
                    compared++;
                    await TypeAsync(page, input, original);
                }
                Assert.Equal("", await page.EvaluateAsync<string>(SaveDraftScript));
            }

            // A return whose warnings are explained: the whole return twice last year's (every year-on-year rule warns; counts stay whole),
            // saved, then each warning explained in place and saved by the page itself (which compares again after reloading).
            await ReturnPages.OpenLiveAsync(page, Unit, Year, "Z05");
            await page.EvaluateAsync(TakeOverAutosaveScript);
            await AddFieldsAsync(page, SampleReturns.Consistent2022.Select(c => (c.Cell, (decimal.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture) * 2).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal("", await page.EvaluateAsync<string>(SaveDraftScript));
            await page.ReloadAsync();
            await ReturnPages.WaitLiveAsync(page);
            fired.UnionWith(await AssertSameAsync(page, "every figure doubled"));
            var boxes = page.GetByRole(AriaRole.Group, new() { NameString = "提示说明" }).Locator("textarea");
            Assert.True(await boxes.CountAsync() > 0, "a year-on-year warning of Z05 asks to be explained");
            await page.EvaluateAsync(TakeOverAutosaveScript);
            foreach (var box in await boxes.AllAsync())
            {
                await box.FillAsync("本年新增应急物资储备项目");
            }
            // Explanations typed and not saved come back when the page is opened again (as after an expired session).
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByText("处说明，请核对后保存")).ToBeVisibleAsync();
            foreach (var box in await boxes.AllAsync())
            {
                await Assertions.Expect(box).ToHaveValueAsync("本年新增应急物资储备项目");
            }
            await ReturnPages.WaitLiveAsync(page);
            await ReturnPages.SaveAsync(page);
            Assert.Contains(await ReturnPages.FindingsAsync(page), f => f.EndsWith("（已说明）", StringComparison.Ordinal));
            compared++;

            // A 项 last year did not have (on top of the doubled return).
            await page.EvaluateAsync(TakeOverAutosaveScript);
            await AddFieldsAsync(page, [("Z05[2240102,BASIC]", "5000")]);
            Assert.Equal("", await page.EvaluateAsync<string>(SaveDraftScript));
            await page.ReloadAsync();
            await ReturnPages.WaitLiveAsync(page);
            fired.UnionWith(await AssertSameAsync(page, "a new 项"));
            compared++;

            var expected = ShippedRulesOnFiledReturns(Year);
            Assert.Empty(fired.Intersect(TemplateIdentities));
            Assert.True(expected.Except(TemplateIdentities).All(fired.Contains),
                $"{compared} returns compared; rules never raised: {string.Join(", ", expected.Except(TemplateIdentities).Except(fired).Order(StringComparer.Ordinal))}");
        });
    }

    /// <summary>
    /// Rules that compare a total with the parts the template itself computes it from (本年收入合计 = its income rows, a 类 =
    /// its 款, …): on a filed return, where totals are never typed, they hold by construction — they check published
    /// documents, where totals are printed. Every other rule that runs on filed returns must be raised by the set.
    /// </summary>
    private static readonly HashSet<string> TemplateIdentities =
    [
        "Z01-001", "Z01-002", "Z01-003", "Z01-004", "Z02-001", "Z03-001", "Z04-001", "Z04-002", "Z04-003", "Z04-004",
        "Z05-001", "Z05-002", "Z05-003", "Z05-004", "Z05-005", "Z05-006", "Z06-001", "Z06-002", "Z06-003", "Z06-004",
        "Z07-001", "Z07-002", "Z07-003", "F01-001", "F02-001", "F03-001",
    ];

    private static async Task StartAsync(IPage page, int year)
    {
        await page.GotoAsync(ReturnPages.Path(Unit, year));
        await page.GetByRole(AriaRole.Button, new() { Name = "开始填报" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已开始填报");
    }

    /// <summary>Puts (cell, value) pairs into the page's form as typed fields, whichever table they belong to (a draft saves them all).</summary>
    private static Task AddFieldsAsync(IPage page, IEnumerable<(string Cell, string Value)> cells) =>
        page.EvaluateAsync("""
            cells => {
              const form = document.querySelector('form.grid-form');
              for (const [cell, value] of cells) {
                let input = form.querySelector(`input[name="c:${cell}"]`);
                if (!input) { input = document.createElement('input'); input.type = 'hidden'; input.name = 'c:' + cell; form.appendChild(input); }
                input.value = value;
              }
            }
            """, cells.Select(c => new[] { c.Cell, c.Value }).ToArray());

    /// <summary>Types a value into a cell and waits until the browser's rule engine has checked the return again.</summary>
    private static async Task TypeAsync(IPage page, ILocator input, string value)
    {
        var grid = page.Locator("table.grid");
        var checks = await grid.GetAttributeAsync("data-checks");
        await input.FillAsync(value);
        await Assertions.Expect(grid).Not.ToHaveAttributeAsync("data-checks", checks ?? "");
    }

    /// <summary>
    /// The findings list as the browser shows it now and as the server renders the page for the saved return: the same
    /// lines (rule, place, severity, message, explained or not). Findings of rules only the server runs (the asset
    /// reconciliation) are the server's as of the page's loading: once the clerk has typed, the browser shows them with a
    /// note that they speak of the saved return, and they are compared when the page is loaded again. Returns the rules named.
    /// </summary>
    private static async Task<IEnumerable<string>> AssertSameAsync(IPage page, string what, bool typedSinceLoading = false, List<string>? serverOnlyAtLoad = null)
    {
        var browser = await ReturnPages.FindingsAsync(page);
        var server = await ReturnPages.ServerFindingsAsync(page, page.Url);
        var shipped = ShippedRulesOnFiledReturns(Year);
        bool Engine(string line) => shipped.Contains(RuleOf(line));
        if (!typedSinceLoading)
        {
            serverOnlyAtLoad?.AddRange(server.Where(line => !Engine(line)));
        }
        else
        {
            // The server-only findings (the asset reconciliation) the browser shows are those of the page as loaded, said to be
            // so; the server's own may already have moved with the saved change (the reconciliation follows it by an event).
            var stale = browser.Where(line => !Engine(line)).ToList();
            Assert.All(stale, line => Assert.Contains(Platform.Portal.Client.GridFinding.AsSavedNote, line, StringComparison.Ordinal));
            Assert.Equal(serverOnlyAtLoad ?? [], stale.Select(line => line.Replace(Platform.Portal.Client.GridFinding.AsSavedNote, "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            browser = browser.Where(Engine).ToList();
            server = server.Where(Engine).ToList();
        }
        Assert.True(browser.SequenceEqual(server),
            $"{what}: the browser's findings differ from the server's.\nbrowser:\n  {string.Join("\n  ", browser)}\nserver:\n  {string.Join("\n  ", server)}");
        await AssertSameMarksAsync(page, what, typedSinceLoading);
        return server.Select(RuleOf);
    }

    /// <summary>
    /// The marks at the cells and rows (each re-rendered only when its row changed): the cells marked with a finding and its
    /// severity, and the rows' own findings, as the browser shows them and as the server renders the saved return. Once the
    /// clerk has typed, places of findings only the server runs are left out (they speak of the return as it was opened).
    /// </summary>
    private static async Task AssertSameMarksAsync(IPage page, string what, bool typedSinceLoading)
    {
        var html = await (await page.Context.APIRequest.GetAsync(page.Url)).TextAsync();
        var serverCells = System.Text.RegularExpressions.Regex.Matches(html, "<td id=\"([^\"]+)\" class=\"(has-finding[^\"]*)\"")
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");
        var browserCells = await page.Locator("table.grid td.has-finding").EvaluateAllAsync<string[]>("tds => tds.map(td => td.id + ' ' + td.className)");
        var serverRows = System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"row-finding\"><td[^>]*><div class=\"row-finding-text\">(.*?)</div></td>")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim());
        var browserRows = await page.Locator("table.grid tr.row-finding").AllInnerTextsAsync();
        if (typedSinceLoading)
        {
            var shipped = ShippedRulesOnFiledReturns(Year);
            var serverOnly = (await ReturnPages.FindingsAsync(page)).Concat(await ReturnPages.ServerFindingsAsync(page, page.Url))
                .Where(line => !shipped.Contains(RuleOf(line)))
                .Select(line => Platform.Portal.Client.GridModel.Anchor(line.Split(' ', 2)[1].Split('：', 2)[0]) + " ")
                .ToList();
            serverCells = serverCells.Where(c => !serverOnly.Any(c.StartsWith));
            browserCells = [.. browserCells.Where(c => !serverOnly.Any(c.StartsWith))];
            serverRows = [];
            browserRows = [];
        }
        Assert.Equal(serverCells.Order(StringComparer.Ordinal), browserCells.Select(c => c.Trim()).Order(StringComparer.Ordinal));
        Assert.True(serverRows.Order(StringComparer.Ordinal).SequenceEqual(browserRows.Select(r => r.Trim()).Order(StringComparer.Ordinal)), $"{what}: the rows' findings differ");
    }

    private static string RuleOf(string line) => line[..line.IndexOf(' ', StringComparison.Ordinal)];

    /// <summary>The rules of the shipped rule set that run on a filed return of <paramref name="year"/> (not those that check only a published disclosure).</summary>
    private static HashSet<string> ShippedRulesOnFiledReturns(int year)
    {
        using var rules = JsonDocument.Parse(File.ReadAllText(Path.Combine(PortalFixture.RepositoryRoot(), "services/Accounts/reference-data/rules/final-accounts-rules.json")));
        return rules.RootElement.GetProperty("rules").EnumerateArray()
            .Where(r => !(r.TryGetProperty("publicationOnly", out var only) && only.GetBoolean()))
            .Where(r => r.GetProperty("fiscalYears") is var years && years.GetProperty("from").GetInt32() <= year
                && !(years.TryGetProperty("to", out var to) && to.GetInt32() < year))
            .Select(r => r.GetProperty("id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
    }
}
