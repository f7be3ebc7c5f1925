using Platform.Domain;
using Platform.Performance.Domain.Evaluations;

namespace Platform.Performance.Domain.Tests.Evaluations;

public sealed class PerformanceReferenceTests
{
    [Fact]
    public void PolicyFor_ShippedAssignments_ProportionalInXinjiangNoneElsewhere()
    {
        var reference = PerformanceReference.LoadShipped();
        Assert.Equal("proportional", reference.PolicyFor(2022, "652300").Id);
        Assert.Throws<PreconditionFailedException>(() => reference.PolicyFor(2022, "110000"));
        Assert.Throws<PreconditionFailedException>(() => reference.PolicyFor(2020, "650000"));
    }

    [Fact]
    public void LoadDirectory_MostSpecificRegionThenLatestYearWins()
    {
        var dir = Directory.CreateTempSubdirectory("performance-reference-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "policies"));
            foreach (var name in new[] { "proportional", "strict" })
            {
                File.Copy(Path.Combine(SharedDocuments.RepoRoot(), $"services/Performance/reference-data/policies/{name}.json"), Path.Combine(dir, "policies", $"{name}.json"));
            }
            File.Copy(Path.Combine(SharedDocuments.RepoRoot(), "services/Performance/reference-data/indicator-tree.json"), Path.Combine(dir, "indicator-tree.json"));
            File.WriteAllText(Path.Combine(dir, "assignments.json"), """
                { "assignments": [
                  { "regions": ["65"], "fromYear": 2021, "policy": "proportional" },
                  { "regions": ["6523"], "fromYear": 2021, "policy": "proportional" },
                  { "regions": ["6523"], "fromYear": 2023, "policy": "strict" }
                ] }
                """);
            var reference = PerformanceReference.LoadDirectory(dir);
            Assert.Equal("proportional", reference.PolicyFor(2022, "652301").Id);
            Assert.Equal("strict", reference.PolicyFor(2023, "652301").Id);
            Assert.Equal("proportional", reference.PolicyFor(2023, "650100").Id);

            File.WriteAllText(Path.Combine(dir, "assignments.json"), """{ "assignments": [ { "regions": ["65"], "fromYear": 2021, "policy": "lenient" } ] }""");
            var ex = Assert.Throws<ValidationException>(() => PerformanceReference.LoadDirectory(dir));
            Assert.Contains("assignments.json", ex.Errors[0].Field);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
