namespace Platform.Accounts.Domain.Publications;

/// <summary>A change a publication prints against an earlier year than the last (元, signed; its rate as printed, unsigned).</summary>
public sealed record EarlierChange(int Year, decimal Change, decimal? Rate);
