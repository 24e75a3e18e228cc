using Klynge.Core.Access;
using Klynge.Core.Audit;
using Klynge.Core.Coordination;
using Klynge.Core.Funds;
using Klynge.Core.Indicators;
using Klynge.Core.Mail;
using Klynge.Core.Meetings;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Data;

/// <summary>The one database of Klynge, on SQLite or PostgreSQL; tables and columns are snake_case.</summary>
public class KlyngeDbContext(DbContextOptions<KlyngeDbContext> options) : IdentityDbContext<KlyngeUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PracticeAffiliation> PracticeAffiliations => Set<PracticeAffiliation>();
    public DbSet<Cluster> Clusters => Set<Cluster>();
    public DbSet<ClusterMunicipality> ClusterMunicipalities => Set<ClusterMunicipality>();
    public DbSet<ClusterMembership> ClusterMemberships => Set<ClusterMembership>();
    public DbSet<ClusterRole> ClusterRoles => Set<ClusterRole>();
    public DbSet<DataSharingConsent> DataSharingConsents => Set<DataSharingConsent>();
    public DbSet<Guild> Guilds => Set<Guild>();
    public DbSet<GuildMembership> GuildMemberships => Set<GuildMembership>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Dispensing> Dispensings => Set<Dispensing>();
    public DbSet<ListSize> ListSizes => Set<ListSize>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<IndicatorResult> IndicatorResults => Set<IndicatorResult>();
    public DbSet<IndicatorDeciles> IndicatorDistributions => Set<IndicatorDeciles>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<PlantedEffect> PlantedEffects => Set<PlantedEffect>();
    public DbSet<MeetingInvitation> MeetingInvitations => Set<MeetingInvitation>();
    public DbSet<AgreedAction> AgreedActions => Set<AgreedAction>();
    public DbSet<MeetingEvaluation> MeetingEvaluations => Set<MeetingEvaluation>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxAttachment> OutboxAttachments => Set<OutboxAttachment>();
    public DbSet<ClusterPackage> Packages => Set<ClusterPackage>();
    public DbSet<PackagePdf> PackagePdfs => Set<PackagePdf>();
    public DbSet<ClusterTask> ClusterTasks => Set<ClusterTask>();
    public DbSet<ClusterTaskEvent> ClusterTaskEvents => Set<ClusterTaskEvent>();
    public DbSet<ClusterHandOver> ClusterHandOvers => Set<ClusterHandOver>();
    public DbSet<ClusterBudget> ClusterBudgets => Set<ClusterBudget>();
    public DbSet<Expense> Expenses => Set<Expense>();
    public DbSet<ExpenseReceipt> ExpenseReceipts => Set<ExpenseReceipt>();
    public DbSet<ActivityReport> ActivityReports => Set<ActivityReport>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Enums are stored by name: readable in SQL and stable when members are reordered.
        configuration.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);

        model.Entity<Region>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).ValueGeneratedNever();
            e.Property(r => r.Name).HasMaxLength(100);
        });
        model.Entity<Municipality>(e =>
        {
            e.HasKey(m => m.Code);
            e.Property(m => m.Code).ValueGeneratedNever();
            e.Property(m => m.Name).HasMaxLength(100);
            e.HasOne(m => m.Region).WithMany(r => r.Municipalities).HasForeignKey(m => m.RegionCode);
        });
        model.Entity<Practice>(e =>
        {
            e.HasIndex(p => p.ProviderNumber).IsUnique();
            e.Property(p => p.ProviderNumber).HasMaxLength(6);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Address).HasMaxLength(200);
            e.Property(p => p.PostalCode).HasMaxLength(10);
            e.Property(p => p.City).HasMaxLength(100);
            e.Property(p => p.Email).HasMaxLength(200);
            e.HasOne(p => p.Municipality).WithMany().HasForeignKey(p => p.MunicipalityCode);
        });
        model.Entity<Person>(e =>
        {
            e.Property(p => p.FirstName).HasMaxLength(100);
            e.Property(p => p.LastName).HasMaxLength(100);
            e.Property(p => p.Email).HasMaxLength(200);
            e.Property(p => p.Phone).HasMaxLength(40);
            e.Ignore(p => p.FullName);
        });
        model.Entity<PracticeAffiliation>(e =>
        {
            e.HasOne(a => a.Person).WithMany(p => p.Affiliations).HasForeignKey(a => a.PersonId);
            e.HasOne(a => a.Practice).WithMany(p => p.Affiliations).HasForeignKey(a => a.PracticeId);
        });
        model.Entity<Cluster>(e =>
        {
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Rules).HasMaxLength(4000);
            e.HasOne(c => c.Region).WithMany().HasForeignKey(c => c.RegionCode);
            e.HasOne(c => c.MainMunicipality).WithMany().HasForeignKey(c => c.MainMunicipalityCode);
        });
        model.Entity<ClusterMunicipality>(e =>
        {
            e.HasKey(m => new { m.ClusterId, m.MunicipalityCode });
            e.HasOne<Cluster>().WithMany(c => c.Municipalities).HasForeignKey(m => m.ClusterId);
            e.HasOne(m => m.Municipality).WithMany().HasForeignKey(m => m.MunicipalityCode);
        });
        model.Entity<ClusterMembership>(e =>
        {
            e.HasIndex(m => new { m.ClusterId, m.ValidFrom });
            e.HasIndex(m => m.PracticeId);
            e.HasOne(m => m.Practice).WithMany(p => p.Memberships).HasForeignKey(m => m.PracticeId);
            e.HasOne(m => m.Cluster).WithMany(c => c.Memberships).HasForeignKey(m => m.ClusterId);
        });
        model.Entity<ClusterRole>(e =>
        {
            e.HasIndex(r => r.PersonId);
            e.HasOne(r => r.Cluster).WithMany(c => c.Roles).HasForeignKey(r => r.ClusterId);
            e.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId);
        });
        model.Entity<DataSharingConsent>(e =>
        {
            e.Property(c => c.RecordedBy).HasMaxLength(200);
            e.HasIndex(c => c.PracticeId);
            e.HasOne(c => c.Practice).WithMany().HasForeignKey(c => c.PracticeId);
        });
        model.Entity<Guild>(e =>
        {
            e.Property(g => g.Name).HasMaxLength(200);
            e.HasOne(g => g.Municipality).WithMany().HasForeignKey(g => g.MunicipalityCode);
        });
        model.Entity<GuildMembership>(e =>
        {
            e.HasOne(m => m.Guild).WithMany(g => g.Memberships).HasForeignKey(m => m.GuildId);
            e.HasOne(m => m.Practice).WithMany().HasForeignKey(m => m.PracticeId);
        });
        model.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.UserName).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.Details).HasMaxLength(4000);
            e.HasIndex(a => a.AtUtc);
        });
        model.Entity<Dispensing>(e =>
        {
            e.Property(d => d.PatientId).HasMaxLength(64);
            e.Property(d => d.Atc).HasMaxLength(7);
            e.Property(d => d.Sex).HasMaxLength(1);
            // A bulk-loaded fact table: the importer checks every practice_id against the registry, so the table
            // carries no foreign key and no practice index, which would cost the load far more than they give.
            e.HasIndex(d => d.DispensedOn);
        });
        model.Entity<ListSize>(e =>
        {
            e.Property(l => l.Quarter).HasConversion(q => q.ToKey(), k => Quarter.FromKey(k));
            e.Property(l => l.Sex).HasMaxLength(1);
            e.HasKey(l => new { l.PracticeId, l.Quarter, l.Sex, l.AgeBandFrom });
            e.HasIndex(l => l.Quarter);
            e.HasOne<Practice>().WithMany().HasForeignKey(l => l.PracticeId);
        });
        model.Entity<ImportRun>(e =>
        {
            e.Property(r => r.Kind).HasMaxLength(20);
            e.Property(r => r.FileName).HasMaxLength(500);
            e.Property(r => r.UserName).HasMaxLength(256);
        });
        model.Entity<IndicatorResult>(e =>
        {
            e.Property(r => r.IndicatorId).HasMaxLength(100);
            e.Property(r => r.UnitId).HasMaxLength(20);
            e.HasKey(r => new { r.IndicatorId, r.Level, r.UnitId, r.Quarter });
            e.HasIndex(r => new { r.Level, r.UnitId, r.Quarter });
        });
        model.Entity<IndicatorDeciles>(e =>
        {
            e.ToTable("indicator_distributions");
            e.Property(d => d.IndicatorId).HasMaxLength(100);
            e.HasKey(d => new { d.IndicatorId, d.Quarter });
            e.Ignore(d => d.Values);
        });
        model.Entity<Meeting>(e =>
        {
            e.Property(m => m.TopicId).HasMaxLength(100);
            e.Property(m => m.Title).HasMaxLength(300);
            e.Property(m => m.ProblemStatement).HasMaxLength(2000);
            e.Property(m => m.Venue).HasMaxLength(300);
            e.Property(m => m.OnlineUrl).HasMaxLength(500);
            // Flags are stored as their number: a combination has no single name.
            e.Property(m => m.Formats).HasConversion<int>();
            e.Property(m => m.Facilitator).HasMaxLength(200);
            e.Property(m => m.CreatedBy).HasMaxLength(256);
            e.HasIndex(m => new { m.ClusterId, m.StartsAt });
            e.HasOne<Cluster>().WithMany().HasForeignKey(m => m.ClusterId);
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.ContentResponsibleId);
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.PracticalResponsibleId);
        });
        model.Entity<MeetingInvitation>(e =>
        {
            e.Property(i => i.Name).HasMaxLength(200);
            e.Property(i => i.Email).HasMaxLength(MailOutbox.MaxAddress);
            e.Property(i => i.Organisation).HasMaxLength(200);
            e.Property(i => i.Token).HasMaxLength(64);
            e.HasIndex(i => i.Token).IsUnique();
            e.HasIndex(i => new { i.MeetingId, i.Email }).IsUnique();
            e.HasIndex(i => i.PersonId);
            e.HasOne<Meeting>().WithMany().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId);
            e.HasOne<Practice>().WithMany().HasForeignKey(i => i.PracticeId);
        });
        model.Entity<AgreedAction>(e =>
        {
            e.Property(a => a.Text).HasMaxLength(1000);
            e.Property(a => a.Owner).HasMaxLength(200);
            e.HasIndex(a => new { a.ClusterId, a.Status });
            e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Cluster>().WithMany().HasForeignKey(a => a.ClusterId).OnDelete(DeleteBehavior.NoAction);
            e.HasOne<Practice>().WithMany().HasForeignKey(a => a.PracticeId);
        });
        model.Entity<MeetingEvaluation>(e =>
        {
            e.Property(v => v.Comment).HasMaxLength(4000);
            e.Ignore(v => v.Mean);
            e.HasIndex(v => v.InvitationId).IsUnique();
            e.HasIndex(v => v.MeetingId);
            e.HasOne<Meeting>().WithMany().HasForeignKey(v => v.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MeetingInvitation>().WithMany().HasForeignKey(v => v.InvitationId).OnDelete(DeleteBehavior.NoAction);
        });
        model.Entity<PlantedEffect>(e =>
        {
            e.Property(p => p.TopicId).HasMaxLength(100);
            e.Property(p => p.IndicatorId).HasMaxLength(100);
            e.HasOne<Meeting>().WithMany().HasForeignKey(p => p.MeetingId);
        });
        model.Entity<ClusterPackage>(e =>
        {
            e.ToTable("packages");
            e.Property(p => p.TopicId).HasMaxLength(100);
            e.Property(p => p.CreatedBy).HasMaxLength(256);
            e.Property(p => p.PublishedBy).HasMaxLength(256);
            e.HasIndex(p => new { p.ClusterId, p.CreatedAtUtc });
            e.HasOne<Cluster>().WithMany().HasForeignKey(p => p.ClusterId);
            e.HasOne<ClusterPackage>().WithMany().HasForeignKey(p => p.FollowsPackageId);
            e.HasOne<Meeting>().WithMany().HasForeignKey(p => p.MeetingId);
        });
        model.Entity<PackagePdf>(e =>
        {
            e.ToTable("package_pdfs");
            e.HasKey(p => new { p.PackageId, p.Audience });
            e.Property(p => p.Audience).HasMaxLength(40);
            e.HasOne<ClusterPackage>().WithMany().HasForeignKey(p => p.PackageId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ClusterTask>(e =>
        {
            e.Property(t => t.Title).HasMaxLength(300);
            e.Property(t => t.Notes).HasMaxLength(4000);
            e.Property(t => t.CreatedBy).HasMaxLength(256);
            e.Property(t => t.CompletedBy).HasMaxLength(256);
            // Each yearly duty once per cluster and year; ordinary tasks have no year, and nulls never collide.
            e.HasIndex(t => new { t.ClusterId, t.Kind, t.Year }).IsUnique();
            e.HasIndex(t => new { t.AssignedPersonId, t.Status });
            e.HasOne<Cluster>().WithMany().HasForeignKey(t => t.ClusterId);
            e.HasOne<Person>().WithMany().HasForeignKey(t => t.AssignedPersonId);
        });
        model.Entity<ClusterTaskEvent>(e =>
        {
            e.Property(v => v.UserName).HasMaxLength(256);
            e.Property(v => v.Note).HasMaxLength(1000);
            e.HasIndex(v => v.TaskId);
            e.HasIndex(v => new { v.ClusterId, v.AtUtc });
            e.HasOne<ClusterTask>().WithMany().HasForeignKey(v => v.TaskId);
        });
        model.Entity<ClusterHandOver>(e =>
        {
            e.Property(h => h.Note).HasMaxLength(4000);
            e.Property(h => h.RecordedBy).HasMaxLength(256);
            e.HasIndex(h => h.ClusterId);
            e.HasOne<Cluster>().WithMany().HasForeignKey(h => h.ClusterId);
            e.HasOne<Person>().WithMany().HasForeignKey(h => h.FromPersonId).OnDelete(DeleteBehavior.NoAction);
            e.HasOne<Person>().WithMany().HasForeignKey(h => h.ToPersonId).OnDelete(DeleteBehavior.NoAction);
        });
        model.Entity<ClusterBudget>(e =>
        {
            e.Property(b => b.AmountDkk).HasPrecision(12, 2);
            e.Property(b => b.Notes).HasMaxLength(ClusterFunds.MaxNotes);
            e.Property(b => b.UpdatedBy).HasMaxLength(256);
            e.HasIndex(b => new { b.ClusterId, b.Year }).IsUnique();
            e.HasOne<Cluster>().WithMany().HasForeignKey(b => b.ClusterId);
        });
        model.Entity<Expense>(e =>
        {
            e.Property(x => x.AmountDkk).HasPrecision(12, 2);
            e.Property(x => x.Description).HasMaxLength(ClusterFunds.MaxDescription);
            e.Property(x => x.PaidBy).HasMaxLength(ClusterFunds.MaxPaidBy);
            e.Property(x => x.SubmittedBy).HasMaxLength(256);
            e.Property(x => x.DecidedBy).HasMaxLength(256);
            e.Property(x => x.ReimbursedBy).HasMaxLength(256);
            e.Property(x => x.RejectionReason).HasMaxLength(ClusterFunds.MaxDescription);
            e.Ignore(x => x.CountsAgainstBudget);
            e.HasIndex(x => new { x.ClusterId, x.SpentOn });
            e.HasIndex(x => x.MeetingId);
            e.HasOne<Cluster>().WithMany().HasForeignKey(x => x.ClusterId);
            // The accounts outlive a meeting: deleting one would otherwise take its expenses with it.
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<ExpenseReceipt>(e =>
        {
            e.HasKey(r => r.ExpenseId);
            e.Property(r => r.ExpenseId).ValueGeneratedNever();
            e.Property(r => r.FileName).HasMaxLength(ClusterFunds.MaxFileName);
            e.Property(r => r.ContentType).HasMaxLength(100);
            e.Property(r => r.UploadedBy).HasMaxLength(256);
            e.HasOne<Expense>().WithOne().HasForeignKey<ExpenseReceipt>(r => r.ExpenseId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ActivityReport>(e =>
        {
            e.Property(r => r.Summary).HasMaxLength(Klynge.Core.Meetings.ActivityReports.MaxText);
            e.Property(r => r.PlansNextYear).HasMaxLength(Klynge.Core.Meetings.ActivityReports.MaxText);
            e.Property(r => r.CreatedBy).HasMaxLength(256);
            e.Property(r => r.UpdatedBy).HasMaxLength(256);
            e.Property(r => r.SubmittedBy).HasMaxLength(256);
            e.HasIndex(r => new { r.ClusterId, r.Year, r.Version }).IsUnique();
            e.HasOne<Cluster>().WithMany().HasForeignKey(r => r.ClusterId);
        });
        model.Entity<OutboxMessage>(e =>
        {
            e.Property(m => m.Kind).HasMaxLength(MailOutbox.MaxKind);
            e.Property(m => m.ToAddress).HasMaxLength(MailOutbox.MaxAddress);
            e.Property(m => m.ToName).HasMaxLength(MailOutbox.MaxName);
            e.Property(m => m.Subject).HasMaxLength(MailOutbox.MaxSubject);
            e.Property(m => m.LastError).HasMaxLength(MailSender.MaxErrorLength);
            e.Property(m => m.Reference).HasMaxLength(100);
            // The sender's question: which pending messages are due, oldest first.
            e.HasIndex(m => new { m.Status, m.NextAttemptAtUtc });
            e.HasIndex(m => m.Reference);
        });
        model.Entity<OutboxAttachment>(e =>
        {
            e.Property(a => a.FileName).HasMaxLength(MailOutbox.MaxFileName);
            e.Property(a => a.ContentType).HasMaxLength(200);
            e.HasOne<OutboxMessage>().WithMany(m => m.Attachments).HasForeignKey(a => a.MessageId);
        });
        model.Entity<KlyngeUser>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.PreferredCulture).HasMaxLength(10);
        });
        model.Entity<Microsoft.AspNetCore.Identity.IdentityRole>().ToTable("roles");
        model.Entity<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>().ToTable("user_roles");
        model.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("user_claims");
        model.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("user_logins");
        model.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("user_tokens");
        model.Entity<Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>>().ToTable("role_claims");
    }
}
