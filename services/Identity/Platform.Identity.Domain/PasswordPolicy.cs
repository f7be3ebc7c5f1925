namespace Platform.Identity.Domain;

/// <summary>
/// What a new password must be (a deployment's options set the minimum length; 10 by default, as the national baseline
/// for ordinary systems asks for a length and mixed characters — GB/T 22239-2019 8.1.4.1). The service's one rule:
/// ASP.NET Core Identity's own validators are left at their loosest so that people read these reasons, in Chinese.
/// </summary>
public static class PasswordPolicy
{
    public const int DefaultMinimumLength = 10;

    public static IReadOnlyList<string> Problems(string password, string loginName, int minimumLength)
    {
        var problems = new List<string>();
        if (password.Length < minimumLength)
        {
            problems.Add(IdentityMessages.PasswordTooShort(minimumLength));
        }
        if (!password.Any(char.IsAsciiDigit))
        {
            problems.Add(IdentityMessages.PasswordNeedsDigit);
        }
        if (!password.Any(char.IsLetter))
        {
            problems.Add(IdentityMessages.PasswordNeedsLetter);
        }
        if (string.Equals(password, loginName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(IdentityMessages.PasswordSameAsLogin);
        }
        return problems;
    }
}
