using System.Diagnostics;

namespace Platform.Testing;

/// <summary>Waits for what an event consumer does eventually: polls a condition until it holds, or fails naming what never happened.</summary>
public static class Polling
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> holds, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (holds(value))
            {
                return value;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Waited {seconds} s for {what}; last seen: {value}");
            }
            await Task.Delay(50);
        }
    }
}
