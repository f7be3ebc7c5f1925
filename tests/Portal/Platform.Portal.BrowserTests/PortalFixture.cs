using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Platform.Portal.BrowserTests;

/// <summary>
/// The platform as a newcomer starts it — `./platform run` in a fresh data directory on free ports, with the demo data and
/// the demo users — and Debian's Chromium driven by Playwright (never a downloaded browser). One per test collection.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("portal-browser-");
    private Process? _platform;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The gateway's HTTP address, as the platform prints it: the portal is at / and /portal.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Where screenshots of failed tests go: $PLATFORM_SCREENSHOTS, or a folder of the test run.</summary>
    public static string ScreenshotDirectory => Environment.GetEnvironmentVariable("PLATFORM_SCREENSHOTS") is { Length: > 0 } dir
        ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Ports are found free and then bound by another process: one of them may be taken in between (an outgoing
        // connection draws from the same ephemeral range). Such a start is retried on new ports; nothing else is.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartPlatformAsync();
                break;
            }
            catch (PortTakenException) when (attempt < 3)
            {
            }
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLATFORM_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            ChromiumSandbox = false,
            Args = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private sealed class PortTakenException(string message) : Exception(message);

    private async Task StartPlatformAsync()
    {
        var root = RepositoryRoot();
        var (grpc, http, gateway, gatewayGrpc) = (FreePort(), FreePort(), FreePort(), FreePort());
        Address = $"http://127.0.0.1:{gateway}";
        var log = Path.Combine(_work.FullName, "run.log");
        var data = Path.Combine(_work.FullName, "data");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
        var start = new ProcessStartInfo(Path.Combine(root, "platform"))
        {
            ArgumentList = { "run", "--data-dir", data, "--grpc-port", $"{grpc}", "--http-port", $"{http}",
                "--gateway-port", $"{gateway}", "--gateway-grpc-port", $"{gatewayGrpc}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work.FullName,
            // One test signs in as one clerk and saves and reloads a page per cell, faster than any person: on a quick machine
            // that drained the portal's per-user bucket (50/s, 100 at once) and a save was refused (FindingsParityTests,
            // 2026-12-06). The limiter has its own tests (Platform.Gateway.FunctionalTests, RateLimitTests).
            // Every test signs in from 127.0.0.1: far more sign-ins in five minutes than one office's address makes.
            Environment =
            {
                ["Gateway__RateLimits__Portal__PerSecond"] = "1000", ["Gateway__RateLimits__Portal__Burst"] = "2000",
                ["Gateway__RateLimits__SignIn__Permits"] = "100000",
            },
        };
        _platform = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _platform.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        _platform.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        _platform.BeginOutputReadLine();
        _platform.BeginErrorReadLine();

        // Ready when the demo's publication is listed on the landing page (the demo loads after the services start); the
        // first run may publish the CLI first.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            if (_platform.HasExited)
            {
                var said = string.Join('\n', output.TakeLast(40));
                _platform.Dispose();
                _platform = null;
                throw said.Contains("address already in use", StringComparison.Ordinal)
                    ? new PortTakenException(said)
                    : new InvalidOperationException("./platform run exited:\n" + said);
            }
            try
            {
                if ((await client.GetStringAsync(Address + "/")).Contains("/public/v1/disclosures/", StringComparison.Ordinal))
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The landing page never listed the demo's disclosure:\n" + string.Join('\n', output.TakeLast(40)));
            }
            await Task.Delay(500);
        }
    }

    /// <summary>A fresh browser context (its own cookies: one person) at a laptop's screen size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="path"/>, which sends an unsigned-in person to the sign-in page; signs in there.</summary>
    public static async Task SignInAsync(IPage page, string login, string password, string path = "/portal")
    {
        await page.GotoAsync(path);
        await page.GetByLabel("登录名", new() { Exact = true }).FillAsync(login);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/portal", StringComparison.Ordinal) && !url.Contains("/account/", StringComparison.Ordinal));
    }

    /// <summary>axe-core on the page as it stands: no violation of any rule (WCAG 2.x A and AA and best practice).</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, $"axe on {page.Url}:\n" + string.Join('\n', result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>
    /// Runs a browser test; on failure keeps a full-page screenshot named after it (and rethrows), so a red run shows what
    /// the person saw.
    /// </summary>
    public static async Task WithScreenshotOnFailureAsync(IPage page, string name, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_platform is { HasExited: false })
        {
            _platform.Kill(entireProcessTree: true);
            await _platform.WaitForExitAsync();
        }
        _platform?.Dispose();
        _work.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")) && File.Exists(Path.Combine(dir.FullName, "platform")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository (Platform.sln and ./platform) is not above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
