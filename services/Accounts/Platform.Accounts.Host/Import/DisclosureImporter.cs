using Google.Protobuf;
using Platform.Accounts.Domain;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Grpc;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Accounts.V1;
using Platform.Domain;

namespace Platform.Accounts.Host.Import;

/// <summary>
/// `import-disclosure`: a transcribed publication becomes a read-only return marked as imported (the figures as
/// printed, 万元 → 元 exactly), plus a prior-year baseline from the changes the text states, so a unit whose
/// earlier years were never filed on the platform still gets year-on-year checks. Importing the same file again
/// changes nothing.
/// </summary>
internal sealed class DisclosureImporter(ReferenceDataSet reference, ReturnStore store, IUnitDirectory units, Assets.IAssetReconciliation assets, TimeProvider time)
{
    public async Task<ImportDisclosureResponse> ImportAsync(ImportDisclosureRequest request, Actor actor, CancellationToken token)
    {
        if (!actor.IsInRole(AccountsRoles.Admin))
        {
            throw new ForbiddenException(Messages.RoleRequired([AccountsRoles.Admin]));
        }
        if (request.Transcription.IsEmpty)
        {
            throw new ValidationException("transcription", AccountsMessages.TranscriptionEmpty, "REQUIRED");
        }
        var source = request.FileName.Length > 0 ? Path.GetFileName(request.FileName) : "transcription.json";
        var document = DisclosureReader.Read(new MemoryStream(request.Transcription.ToByteArray()), source, reference.CodesFor, time.GetUtcNow().Year - 1);
        reference.TemplateFor(document.FiscalYear, "fiscal_year");

        var (department, unitIds, registered) = await ResolveUnitsAsync(request, document, actor, token);
        var response = new ImportDisclosureResponse { DepartmentUnitId = department.Id };
        response.UnitIds.AddRange(unitIds);
        response.RegisteredUnitIds.AddRange(registered);
        response.Observations.AddRange(document.Observations.Select(o => AccountsMessages.Observation(o.Field, o.Message)));

        var now = store.Time.GetUtcNow();
        var changes = new List<(AccountsReturn, ReturnRow?)>();
        var existing = await store.FindAsync(department.Id, document.FiscalYear, 0, token);
        AccountsReturn imported;
        if (existing is { } e)
        {
            if (e.Return.Source != ReturnSource.Publication || e.Return.SourceDocument != source)
            {
                throw new ConflictException(AccountsMessages.AlreadyFiled(department.Id, document.FiscalYear, e.Return.Source, e.Return.SourceDocument));
            }
            imported = e.Return;
        }
        else
        {
            imported = AccountsReturn.FromPublication(department.Id, document.FiscalYear, department.RegionCode, document.Cells, document.Explanations, source, actor, now);
            changes.Add((imported, null));
        }
        var priorYear = document.FiscalYear - 1;
        if (document.PriorCells.Count > 0 && reference.Templates.Any(t => t.Covers(priorYear)) && await store.FindAsync(department.Id, priorYear, 0, token) is null)
        {
            changes.Add((AccountsReturn.FromPublication(department.Id, priorYear, department.RegionCode, document.PriorCells, [], AccountsMessages.PriorYearSource(source), actor, now), null));
            response.PriorYearCells = document.PriorCells.Count;
        }
        if (changes.Count > 0)
        {
            await store.SaveAsync(changes, token);
        }
        var report = DisclosureCheck.Run(document, reference, department.RegionCode);
        response.Findings.AddRange(report.Findings.Select(f => ProtoMapping.ToProto(f.Finding, f.IsExplained, f.Explanation)));
        // The asset inventory's differences with the published figures (e.g. vehicles held vs 公务用车保有量).
        var cells = imported.Cells(reference.TemplateFor(imported.FiscalYear), reference.CodesFor(imported.FiscalYear), null);
        foreach (var finding in await assets.ReconcileAsync(imported, cells, token))
        {
            var explanation = imported.ExplanationAt(finding.ExplainAt);
            response.Findings.Add(ProtoMapping.ToProto(finding, explanation is not null, explanation));
        }
        response.Imported = ProtoMapping.ToProto(imported, imported.Inputs);
        return response;
    }

    /// <summary>
    /// The department and its units in scope as registry units. Those the registry knows are matched by printed name;
    /// the others are registered (department first, its units under it) when the request supplies what a publication
    /// never prints: the credit code and the legal nature. If any is missing, nothing is registered and every missing
    /// identity is named.
    /// </summary>
    private async Task<(UnitInfo Department, List<string> UnitIds, List<string> Registered)> ResolveUnitsAsync(
        ImportDisclosureRequest request, PublishedReturn document, Actor actor, CancellationToken token)
    {
        var year = document.FiscalYear;
        var errors = new List<FieldError>();
        var identities = new Dictionary<string, (int Index, UnitIdentity Identity)>(StringComparer.Ordinal);
        for (var i = 0; i < request.Identities.Count; i++)
        {
            var name = RegistryUnitDirectory.Normalize(request.Identities[i].Name);
            if (name.Length == 0)
            {
                errors.Add(new FieldError($"identities[{i}].name", Messages.Required, "REQUIRED"));
            }
            else if (!identities.TryAdd(name, (i, request.Identities[i])))
            {
                errors.Add(new FieldError($"identities[{i}].name", AccountsMessages.IdentityTwice(name), "DUPLICATE"));
            }
        }
        var subordinates = document.UnitsInScope.Where(u => !u.Name.EndsWith("本级", StringComparison.Ordinal)).ToList();
        var printed = new HashSet<string>(subordinates.Select(u => RegistryUnitDirectory.Normalize(u.Name)).Append(RegistryUnitDirectory.Normalize(document.DepartmentName)), StringComparer.Ordinal);
        foreach (var (name, (index, _)) in identities.Where(i => !printed.Contains(i.Key)))
        {
            errors.Add(new FieldError($"identities[{index}].name", AccountsMessages.IdentityNotInScope(name, document.Source), "UNKNOWN_UNIT"));
        }

        var department = request.DepartmentUnitId.Length > 0
            ? await units.GetAsync(request.DepartmentUnitId, year, token)
            : await units.FindByNameAsync(document.DepartmentName, year, token);
        var found = new List<(PublishedUnit Published, UnitInfo? Unit)>();
        foreach (var unit in subordinates)
        {
            found.Add((unit, await units.FindByNameAsync(unit.Name, year, token)));
        }

        var registrations = new List<UnitRegistration>();
        if (department is null || found.Any(f => f.Unit is null))
        {
            var regionCode = department?.RegionCode ?? await RegistrationRegionAsync(request.RegionCode, document, errors, token);
            if (department is not null && request.RegionCode.Length > 0 && request.RegionCode != department.RegionCode)
            {
                errors.Add(new FieldError("region_code", AccountsMessages.DepartmentRegionDiffers(department.Id, department.RegionCode, request.RegionCode)));
            }
            if (regionCode is not null && !ReturnAccess.IsAdminOver(actor, regionCode))
            {
                throw new ForbiddenException(Messages.OutsideJurisdiction(AccountsMessages.Region(regionCode)));
            }
            var departmentId = department?.Id;
            if (department is null)
            {
                departmentId = Registration(document.DepartmentName, "department.name", parentId: null);
            }
            foreach (var (published, _) in found.Where(f => f.Unit is null))
            {
                Registration(published.Name, $"department.units_in_scope[{published.Seq}]", departmentId);
            }

            string? Registration(string name, string where, string? parentId)
            {
                if (!identities.TryGetValue(RegistryUnitDirectory.Normalize(name), out var given))
                {
                    errors.Add(new FieldError("identities", AccountsMessages.IdentityRequired(where, name, year), "IDENTITY_REQUIRED"));
                    return null;
                }
                var (index, identity) = given;
                if (identity.CreditCode.Trim().Length == 0)
                {
                    errors.Add(new FieldError($"identities[{index}].credit_code", AccountsMessages.CreditCodeRequired, "REQUIRED"));
                }
                if (identity.Nature.Trim().Length == 0)
                {
                    errors.Add(new FieldError($"identities[{index}].nature", AccountsMessages.NatureRequired, "REQUIRED"));
                }
                var id = identity.UnitId.Trim() is { Length: > 0 } chosen ? chosen : "cc-" + identity.CreditCode.Trim().ToLowerInvariant();
                registrations.Add(new UnitRegistration(id, identity.CreditCode.Trim(), name, regionCode ?? "", parentId, identity.Nature.Trim()));
                return id;
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        if (registrations.Count > 0)
        {
            // The registry reports errors by row; rows are in registration order, so map them back to identities.
            try
            {
                await units.RegisterAsync(registrations, year, token);
            }
            catch (ValidationException ex)
            {
                throw new ValidationException(ex.Errors.Select(e => Remap(e, registrations, identities)).ToList());
            }
            department ??= await units.GetAsync(registrations[0].Id, year, token);
        }
        if (!ReturnAccess.IsAdminOver(actor, department!.RegionCode))
        {
            throw new ForbiddenException(Messages.OutsideJurisdiction(AccountsMessages.Region(department.RegionCode, department.Name)));
        }
        var byName = registrations.ToDictionary(r => RegistryUnitDirectory.Normalize(r.Name), r => r.Id, StringComparer.Ordinal);
        var unitIds = new List<string> { department.Id };
        unitIds.AddRange(found.Select(f => f.Unit?.Id ?? byName[RegistryUnitDirectory.Normalize(f.Published.Name)]));
        return (department, unitIds, registrations.Select(r => r.Id).ToList());
    }

    /// <summary>The region new units go to: the request's, which must be the region the publication names.</summary>
    private async Task<string?> RegistrationRegionAsync(string regionCode, PublishedReturn document, List<FieldError> errors, CancellationToken token)
    {
        var printed = document.RegionPath.LastOrDefault(p => !string.IsNullOrWhiteSpace(p));
        if (regionCode.Length == 0)
        {
            errors.Add(new FieldError("region_code", AccountsMessages.RegionCodeRequired(printed), "REQUIRED"));
            return null;
        }
        var name = await units.RegionNameAsync(regionCode, token);
        if (name is null)
        {
            errors.Add(new FieldError("region_code", AccountsMessages.UnknownRegion(regionCode), "UNKNOWN_REGION"));
            return null;
        }
        if (printed is not null && RegistryUnitDirectory.Normalize(name) != RegistryUnitDirectory.Normalize(printed))
        {
            errors.Add(new FieldError("region_code", AccountsMessages.RegionMismatch(regionCode, name, printed), "REGION_MISMATCH"));
            return null;
        }
        return regionCode;
    }

    private static FieldError Remap(FieldError error, List<UnitRegistration> registrations, Dictionary<string, (int Index, UnitIdentity Identity)> identities)
    {
        // units[k].x from the directory is the k-th registration; the caller named it identities[i].
        var open = error.Field.IndexOf('[', StringComparison.Ordinal);
        var close = error.Field.IndexOf(']', StringComparison.Ordinal);
        if (!error.Field.StartsWith("units[", StringComparison.Ordinal) || close < open || !int.TryParse(error.Field.AsSpan(open + 1, close - open - 1), out var k) || k >= registrations.Count)
        {
            return error with { Field = "identities" };
        }
        var index = identities[RegistryUnitDirectory.Normalize(registrations[k].Name)].Index;
        return error with { Field = $"identities[{index}]{error.Field[(close + 1)..]}" };
    }
}
