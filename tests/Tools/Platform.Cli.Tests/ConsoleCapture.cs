namespace Platform.Cli.Tests;

/// <summary>
/// What a command printed (stdout and stderr together), for tests of what it says. The console is process-wide: one
/// capture at a time; a test of another class printing meanwhile only adds lines, which the assertions here tolerate.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly Lock Gate = new();

    public static (int Exit, string Said) Run(Func<int> command)
    {
        lock (Gate)
        {
            var (out0, err0) = (Console.Out, Console.Error);
            var said = new StringWriter();
            Console.SetOut(said);
            Console.SetError(said);
            try
            {
                return (command(), said.ToString());
            }
            finally
            {
                Console.SetOut(out0);
                Console.SetError(err0);
            }
        }
    }
}
