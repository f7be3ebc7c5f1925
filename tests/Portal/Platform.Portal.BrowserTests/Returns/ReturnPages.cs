using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests.Returns;

/// <summary>What a clerk does on a return's page, as steps a test reads like the person's actions.</summary>
internal static class ReturnPages
{
    public static string Path(string unit, int year, string? table = null) =>
        $"/portal/returns/{unit}/{year}" + (table is null ? "" : "?table=" + table);

    /// <summary>Opens a table of an editable return and waits until the browser's rule engine runs (WebAssembly started).</summary>
    public static async Task OpenLiveAsync(IPage page, string unit, int year, string table)
    {
        await page.GotoAsync(Path(unit, year, table));
        await WaitLiveAsync(page);
    }

    public static Task WaitLiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("table.grid")).ToHaveAttributeAsync("data-live", "on", new() { Timeout = 60_000 });

    /// <summary>The findings list as the page shows it now: one line per finding, its rule first.</summary>
    public static async Task<IReadOnlyList<string>> FindingsAsync(IPage page) =>
        (await page.Locator("section.findings li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.rule + ' ' + i.innerText.trim())"))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The findings list the server rendered for the page (its own validation), read without running the page's scripts; as <see cref="FindingsAsync"/>.</summary>
    public static async Task<IReadOnlyList<string>> ServerFindingsAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(path);
        var html = await response.TextAsync();
        var section = System.Text.RegularExpressions.Regex.Match(html, "<section[^>]*class=\"findings\"[^>]*>(.*?)</section>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return System.Text.RegularExpressions.Regex.Matches(section.Groups[1].Value, "<li[^>]*data-rule=\"([^\"]*)\"[^>]*>(.*?)</li>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) + " " + System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(m.Groups[2].Value, "<[^>]+>", "")).Trim())
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Pastes a block (tab-separated columns, one line per row) into a cell, as from a spreadsheet.</summary>
    public static Task PasteAsync(IPage page, string cell, string block) =>
        Cell(page, cell).EvaluateAsync("(input, text) => { const data = new DataTransfer(); data.setData('text/plain', text); input.focus(); input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); }", block);

    /// <summary>A typed cell's input (its name is the cell, as the contracts write it).</summary>
    public static ILocator Cell(IPage page, string cell) => page.Locator($"input[name=\"c:{cell}\"]");

    /// <summary>
    /// Types every (cell, value) into the return, table by table: into the cell's box where the table has it, else into
    /// the blank lines for new classification items (code, then the figures), saving after each table (and after every
    /// five new items).
    /// </summary>
    public static async Task FillAsync(IPage page, string unit, int year, IEnumerable<(string Cell, string Value)> cells)
    {
        foreach (var table in cells.GroupBy(c => c.Cell[..c.Cell.IndexOf('[', StringComparison.Ordinal)]))
        {
            await OpenLiveAsync(page, unit, year, table.Key);
            var newItems = new List<IGrouping<string, (string Cell, string Value)>>();
            foreach (var row in table.GroupBy(c => c.Cell[(c.Cell.IndexOf('[', StringComparison.Ordinal) + 1)..c.Cell.IndexOf(',', StringComparison.Ordinal)]))
            {
                if (await Cell(page, row.First().Cell).CountAsync() > 0)
                {
                    foreach (var (cell, value) in row)
                    {
                        await Cell(page, cell).FillAsync(value);
                    }
                }
                else
                {
                    newItems.Add(row);
                }
            }
            for (var i = 0; i < newItems.Count; i++)
            {
                var slot = i % 5;
                await page.Locator($"input[name=\"newrow{slot}\"]").FillAsync(newItems[i].Key);
                foreach (var (cell, value) in newItems[i])
                {
                    var column = cell[(cell.IndexOf(',', StringComparison.Ordinal) + 1)..^1];
                    await page.Locator($"input[name=\"n{slot}:{column}\"]").FillAsync(value);
                }
                if (slot == 4 && i < newItems.Count - 1)
                {
                    await SaveAsync(page);
                }
            }
            await SaveAsync(page);
        }
    }

    /// <summary>Saves; then, on the reloaded page, the browser's findings must be exactly the server's (every shipped rule).</summary>
    public static async Task SaveAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        // Saved either way: by this click, or by the page's own autosave (3 s after the last keystroke) when a busy machine
        // let those seconds pass before the click — which then has nothing left to save (a full run met it once). What
        // follows compares the saved findings with the page's, so a change lost would still fail.
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(草稿已保存|没有需要保存的改动)$"));
        var server = await ServerFindingsAsync(page, page.Url);
        await WaitLiveAsync(page);
        Assert.Equal(server, await FindingsAsync(page));
    }
}
