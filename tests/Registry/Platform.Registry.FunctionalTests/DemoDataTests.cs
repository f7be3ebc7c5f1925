using Grpc.Core;
using Grpc.Net.Client;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;

namespace Platform.Registry.FunctionalTests;

/// <summary>The demo data of the three shared documents, as `./platform run` loads it.</summary>
public sealed class DemoDataTests
{
    [Fact]
    public async Task SeedDemo_EmptyRegistry_UnitsStaffingAndScopeOfTheDocuments()
    {
        var dir = Directory.CreateTempSubdirectory("registry-demo-").FullName;
        await using var host = await TestHost.StartAsync(
            configureBuilder: b => b.AddRegistryService(),
            configureApp: app => app.MapRegistryService(),
            settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:registry"] = $"Data Source={Path.Combine(dir, "registry.db")}",
                ["Registry:SeedDemo"] = "true",
            });
        using var channel = GrpcChannel.ForAddress(host.Address);
        var registry = new UnitRegistry.UnitRegistryClient(channel);
        var reader = TestHost.As(new CallerIdentity("reader", ["clerk"], "650000"));

        // 000: the department, its 4 units in scope and its staffing (165 = 92 + 0 + 73).
        using (var call = registry.ExportSubtree(new ExportSubtreeRequest { UnitId = "urumqi-emergency", AsOfYear = 2022 }, reader))
        {
            var names = new List<string>();
            await foreach (var unit in call.ResponseStream.ReadAllAsync())
            {
                names.Add(unit.Name);
            }
            Assert.Equal(4, names.Count);
            Assert.Contains("乌鲁木齐市地震监测中心", names);
        }
        var staffing = await registry.GetStaffingAsync(new GetStaffingRequest { UnitId = "urumqi-emergency", FiscalYear = 2022 }, reader);
        Assert.Equal((165, 92, 0, 73), (staffing.ActualTotal, staffing.InService, staffing.RetiredLixiu, staffing.Retired));
        Assert.Equal(4, (await registry.GetScopeAsync(new GetScopeRequest { DepartmentId = "urumqi-emergency", FiscalYear = 2022 }, reader)).UnitIds.Count);

        // 001: 编制 22, 实有 21, no split printed; in the 新市区 (高新区) under 乌鲁木齐市.
        var xinshi = await registry.GetStaffingAsync(new GetStaffingRequest { UnitId = "xinshi-emergency", FiscalYear = 2023 }, reader);
        Assert.Equal((22, 21, null), (xinshi.AuthorizedPosts, xinshi.ActualTotal, xinshi.InService));
        Assert.True((await registry.IsWithinJurisdictionAsync(new JurisdictionRequest { UnitId = "xinshi-emergency", Scope = "650100", AsOfYear = 2023 }, reader)).Within);

        // 003: 昌吉回族自治州应急管理局, from 2021.
        Assert.Equal("652300", (await registry.GetUnitAsync(new GetUnitRequest { UnitId = "changji-emergency", AsOfYear = 2021 }, reader)).RegionCode);
    }
}
