using Klynge.Core.Audit;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Registry;

/// <summary>A practice's own records: its staff list and its consent to share data in the cluster.</summary>
public class PracticeAdministration(KlyngeDbContext db)
{
    public record NewPerson(string FirstName, string LastName, string? Email, PracticeRole Role, DateOnly From, bool TakesPartInClusterWork);

    public async Task<RegistryCommandResult> AddPersonAsync(int practiceId, NewPerson input, string userName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(input.FirstName) || string.IsNullOrWhiteSpace(input.LastName))
            return RegistryCommandResult.Fail("Fornavn og efternavn skal udfyldes.");
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
            return RegistryCommandResult.Fail($"'{email}' er ikke en gyldig e-mailadresse.");
        var practice = await db.Practices.SingleAsync(p => p.Id == practiceId, ct);
        if (!practice.IsOpenOn(input.From))
            return RegistryCommandResult.Fail($"Praksis er ikke åben den {input.From:yyyy-MM-dd}.");

        // A person already known by e-mail keeps one record across practices.
        var person = email is null ? null : await db.People.FirstOrDefaultAsync(p => p.Email == email, ct);
        person ??= new Person { FirstName = input.FirstName.Trim(), LastName = input.LastName.Trim(), Email = email };
        db.PracticeAffiliations.Add(new PracticeAffiliation
        {
            Person = person,
            PracticeId = practiceId,
            Role = input.Role,
            ValidFrom = input.From,
            TakesPartInClusterWork = input.Role.IsGp() || input.TakesPartInClusterWork,
        });
        db.Record(userName, "staff.add", "practice", practiceId, $"{input.Role} {person.FullName} from {input.From:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    public async Task<RegistryCommandResult> EndAffiliationAsync(int practiceId, int affiliationId, DateOnly endOn, string userName, CancellationToken ct = default)
    {
        var affiliation = await db.PracticeAffiliations.Include(a => a.Person)
            .SingleOrDefaultAsync(a => a.Id == affiliationId && a.PracticeId == practiceId, ct);
        if (affiliation is null || (affiliation.ValidTo is not null && affiliation.ValidTo <= endOn))
            return RegistryCommandResult.Fail("Tilknytningen findes ikke eller er allerede afsluttet.");
        if (endOn <= affiliation.ValidFrom)
            return RegistryCommandResult.Fail($"Slutdatoen skal ligge efter starten ({affiliation.ValidFrom:yyyy-MM-dd}).");
        affiliation.ValidTo = endOn;
        db.Record(userName, "staff.end", "practice", practiceId, $"{affiliation.Role} {affiliation.Person!.FullName} ends {endOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    public async Task<RegistryCommandResult> RecordConsentAsync(int practiceId, bool given, DateOnly on, string userName, CancellationToken ct = default)
    {
        db.DataSharingConsents.Add(new DataSharingConsent { PracticeId = practiceId, Given = given, On = on, RecordedBy = userName });
        db.Record(userName, given ? "consent.give" : "consent.withdraw", "practice", practiceId, $"on {on:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return RegistryCommandResult.Ok;
    }

    /// <summary>The consent in force on <paramref name="day"/>: the latest record on or before it; none means not given.</summary>
    public static async Task<DataSharingConsent?> ConsentOnAsync(KlyngeDbContext db, int practiceId, DateOnly day, CancellationToken ct = default) =>
        await db.DataSharingConsents.AsNoTracking()
            .Where(c => c.PracticeId == practiceId && c.On <= day)
            .OrderByDescending(c => c.On).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(ct);
}
