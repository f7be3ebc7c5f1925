namespace Platform.Identity.Domain;

/// <summary>
/// What a new password must be (a deployment's options set the minimum length; 10 by default, as the national baseline
/// for ordinary systems asks for a length and mixed characters — GB/T 22239-2019 8.1.4.1). The service's one rule:
/// ASP.NET Core Identity's own validators are left at their loosest so that people read these reasons, in Chinese.
/// </summary>
public static class PasswordPolicy
{
    public const int DefaultMinimumLength = 10;

    /// <summary>
    /// Why <paramref name="password"/> is not accepted, each reason naming it as the form does (<paramref name="what"/>:
    /// 新密码 on the password page, 初始密码 where an administrator sets the first one); none when it is.
    /// </summary>
    public static IReadOnlyList<string> Problems(string password, string loginName, int minimumLength, string what = "新密码")
    {
        if (password.Length == 0)
        {
            return [Platform.Domain.Messages.Required];
        }
        var problems = new List<string>();
        if (password.Length < minimumLength)
        {
            problems.Add(IdentityMessages.PasswordTooShort(what, minimumLength));
        }
        // Ten spaces and "1a" made ten characters (an outside look): spaces at either end are not typed on purpose.
        if (char.IsWhiteSpace(password[0]) || char.IsWhiteSpace(password[^1]))
        {
            problems.Add(IdentityMessages.PasswordEdgeSpace(what));
        }
        if (!password.Any(char.IsAsciiDigit))
        {
            problems.Add(IdentityMessages.PasswordNeedsDigit(what));
        }
        if (!password.Any(char.IsLetter))
        {
            problems.Add(IdentityMessages.PasswordNeedsLetter(what));
        }
        if (loginName.Length > 0 && string.Equals(password, loginName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(IdentityMessages.PasswordSameAsLogin(what));
        }
        return problems;
    }
}
