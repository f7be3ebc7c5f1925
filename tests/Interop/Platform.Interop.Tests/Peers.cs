using System.Diagnostics;
using System.Text.Json;

namespace Platform.Interop.Tests;

/// <summary>Starts the foreign gRPC peers (tests/Interop/peers) as child processes.</summary>
internal static class Peers
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static ProcessStartInfo StartInfo(string peer, params string[] args)
    {
        var (file, script) = peer switch
        {
            "python" => (Environment.GetEnvironmentVariable("PLATFORM_TEST_PYTHON") ?? "/usr/bin/python3",
                Path.Combine(RepoRoot, "tests/Interop/peers/python_peer.py")),
            "node" => ("node", Path.Combine(RepoRoot, "tests/Interop/peers/node/peer.js")),
            _ => throw new ArgumentException(peer),
        };
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }

    /// <summary>Runs one client scenario of a peer against <paramref name="address"/> and returns its JSON verdict.</summary>
    public static async Task<JsonElement> RunClientAsync(string peer, Uri address, string scenario)
    {
        using var process = Process.Start(StartInfo(peer, "client", address.ToString().TrimEnd('/'), scenario))!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{peer} client '{scenario}' did not finish within 60 s");
        }
        var output = (await stdout).Trim();
        Assert.True(process.ExitCode == 0 && output.Length > 0, $"{peer} client '{scenario}' exited {process.ExitCode}: {await stderr}");
        var line = output.Split('\n')[^1];
        var result = JsonDocument.Parse(line).RootElement.Clone();
        Assert.False(result.TryGetProperty("unexpected", out var unexpected), $"{peer} '{scenario}' failed: {line}");
        _ = unexpected;
        return result;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test binaries.");
    }
}

/// <summary>A peer running as a gRPC server on 127.0.0.1; stopped by closing its stdin (killed if it lingers).</summary>
internal sealed class PeerServer : IAsyncDisposable
{
    private readonly Process _process;

    private PeerServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PeerServer> StartAsync(string peer)
    {
        var process = Process.Start(Peers.StartInfo(peer, "server"))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{peer} server did not start: {line} {await process.StandardError.ReadToEndAsync()}");
        }
        return new PeerServer(process, new Uri($"http://127.0.0.1:{line[5..].Trim()}"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
