namespace Platform.Testing.Accounts;

/// <summary>Sample final-accounts inputs as (cell, value) pairs, in the cell syntax of the accounts API.</summary>
public static class SampleReturns
{
    /// <summary>
    /// The inputs of a small 2022 return (元) on which every shipped rule holds. Shared by the domain tests (linked
    /// source, so they stay free of host dependencies), the functional tests and the submit benchmark.
    /// </summary>
    public static readonly (string Cell, string Value)[] Consistent2022 =
    [
        ("Z01[INC_FISCAL,AMT]", "1700000"), ("Z01[INC_OTHER,AMT]", "100000"), ("Z01[OPENING,AMT]", "150000"),
        ("Z01[EXP_BASIC,AMT]", "1260000"), ("Z01[EXP_PROJECT,AMT]", "500000"), ("Z01[CLOSING,AMT]", "190000"),
        ("Z02[2240101,FISCAL]", "1700000"), ("Z02[2240101,OTHER]", "100000"),
        ("Z03[2240101,BASIC]", "1260000"), ("Z03[2240101,PROJECT]", "200000"), ("Z03[2240106,PROJECT]", "300000"),
        ("Z04[INC_GENERAL,AMT]", "1700000"), ("Z04[INC_FUND,AMT]", "0"), ("Z04[INC_CAPITAL,AMT]", "0"), ("Z04[OPENING,AMT]", "100000"),
        ("Z04[EXP_GENERAL,AMT]", "1660000"), ("Z04[CLOSING,AMT]", "140000"), ("Z04[BUDGET_INITIAL,AMT]", "1750000"),
        ("Z05[2240101,BASIC]", "1000000"), ("Z05[2240101,PROJECT]", "200000"), ("Z05[2240106,PROJECT]", "300000"),
        ("Z05[2080505,BASIC]", "150000"), ("Z05[2013699,BASIC]", "10000"),
        ("Z06[30101,AMT]", "500000"), ("Z06[30102,AMT]", "300000"), ("Z06[30108,AMT]", "150000"), ("Z06[30302,AMT]", "50000"),
        ("Z06[30201,AMT]", "100000"), ("Z06[30217,AMT]", "10000"), ("Z06[30231,AMT]", "50000"), ("Z06[31002,AMT]", "0"),
        ("Z07[VEHICLE_OPERATION,BUDGET]", "60000"), ("Z07[VEHICLE_OPERATION,FINAL]", "50000"),
        ("Z07[RECEPTION,BUDGET]", "15000"), ("Z07[RECEPTION,FINAL]", "10000"), ("Z07[FLEET_COUNT,FINAL]", "3"), ("Z07[PURCHASED_COUNT,FINAL]", "0"),
        ("Z08[2290402,OPENING]", "10000"), ("Z08[2290402,INCOME]", "0"), ("Z08[2290402,CLOSING]", "10000"),
        ("Z09[2290402,OPENING]", "5000"), ("Z09[2290402,CLOSING]", "5000"),
        ("F01[ADMIN,AMT]", "100000"), ("F01[INSTITUTION,AMT]", "20000"),
        ("F02[GOODS,AMT]", "30000"), ("F02[SERVICES,AMT]", "70000"), ("F02[SME,AMT]", "80000"), ("F02[MICRO_SMALL,AMT]", "50000"),
        ("F03[FIXED_ASSETS,AMT]", "5000000"), ("F03[VEH_ENFORCEMENT,AMT]", "2"), ("F03[VEH_OTHER,AMT]", "1"),
    ];
}
