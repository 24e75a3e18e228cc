using System.Globalization;
using System.Net.Mail;
using Klynge.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Klynge.Core.Mail;

/// <summary>How mail leaves Klynge: a folder of <c>.eml</c> files (the development default) or an SMTP server.</summary>
public enum MailTransportKind { Pickup, Smtp }

/// <summary>The SMTP server of <c>Klynge:Mail:Smtp</c>.</summary>
public record SmtpSettings(string Host, int Port = 25, bool EnableSsl = false, string? UserName = null, string? Password = null, int TimeoutSeconds = 60);

/// <summary>
/// The mail settings of <c>Klynge:Mail</c>, read by the web app and the CLI alike (see docs/configuration.md).
/// </summary>
public record MailSettings
{
    public const string Section = "Klynge:Mail";

    public MailTransportKind Transport { get; init; } = MailTransportKind.Pickup;
    public MailAddress FromAddress { get; init; } = new("klynge@localhost", "Klynge");
    /// <summary>Where the pickup transport writes; by default <c>data/mail</c> beside the default SQLite database.</summary>
    public string PickupFolder { get; init; } = DefaultPickupFolder();
    public SmtpSettings? Smtp { get; init; }
    /// <summary>After this many failed tries a message is marked failed.</summary>
    public int MaxAttempts { get; init; } = MailSender.DefaultMaxAttempts;
    /// <summary>How many due messages one run of the sender takes at most.</summary>
    public int BatchSize { get; init; } = 50;
    /// <summary>Whether the web app sends in the background (off where another process runs <c>klynge mail send-pending</c>).</summary>
    public bool BackgroundSending { get; init; } = true;
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public static string DefaultPickupFolder() => Path.Combine(DatabaseOptions.DefaultDataFolder(), "mail");

    public MailSenderOptions SenderOptions => new(MaxAttempts, BatchSize);

    public static MailSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var transport = section["Transport"]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "pickup" => MailTransportKind.Pickup,
            "smtp" => MailTransportKind.Smtp,
            var other => throw new InvalidOperationException($"Unknown mail transport '{other}' in {Section}:Transport; use 'pickup' or 'smtp'."),
        };
        var fromAddress = section["From"];
        var from = new MailAddress("klynge@localhost", "Klynge");
        if (!string.IsNullOrWhiteSpace(fromAddress))
        {
            if (!MailAddress.TryCreate(fromAddress.Trim(), out var parsed))
                throw new InvalidOperationException($"{Section}:From '{fromAddress}' is not a valid e-mail address.");
            from = string.IsNullOrEmpty(parsed.DisplayName) ? new MailAddress(parsed.Address, section["FromName"] ?? "Klynge") : parsed;
        }

        SmtpSettings? smtp = null;
        var smtpSection = section.GetSection("Smtp");
        var host = smtpSection["Host"];
        if (!string.IsNullOrWhiteSpace(host))
        {
            smtp = new SmtpSettings(host.Trim(),
                Int(section, "Smtp:Port", 25, 1, 65535),
                Bool(section, "Smtp:EnableSsl", false),
                NullIfEmpty(smtpSection["UserName"]),
                NullIfEmpty(smtpSection["Password"]),
                Int(section, "Smtp:TimeoutSeconds", 60, 1, 3600));
        }
        else if (transport == MailTransportKind.Smtp)
        {
            throw new InvalidOperationException($"The smtp mail transport needs {Section}:Smtp:Host.");
        }

        var folder = section["PickupFolder"];
        return new MailSettings
        {
            Transport = transport,
            FromAddress = from,
            PickupFolder = string.IsNullOrWhiteSpace(folder) ? DefaultPickupFolder() : Path.GetFullPath(folder),
            Smtp = smtp,
            MaxAttempts = Int(section, "MaxAttempts", MailSender.DefaultMaxAttempts, 1, 100),
            BatchSize = Int(section, "BatchSize", 50, 1, 10_000),
            BackgroundSending = Bool(section, "BackgroundSending", true),
            Interval = TimeSpan.FromSeconds(Int(section, "IntervalSeconds", 10, 1, 86_400)),
        };
    }

    /// <summary>The transport these settings choose.</summary>
    public IMailTransport CreateTransport() => Transport switch
    {
        MailTransportKind.Smtp => new SmtpTransport(Smtp!, FromAddress),
        _ => new PickupFolderTransport(PickupFolder, FromAddress),
    };

    /// <summary>Where the mail goes, for log lines and the CLI (never the password).</summary>
    public string Describe() => Transport == MailTransportKind.Smtp
        ? $"SMTP {Smtp!.Host}:{Smtp.Port}{(Smtp.EnableSsl ? " (TLS)" : "")}"
        : $"pickup folder {PickupFolder}";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int Int(IConfiguration section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{Section} setting {key} = '{text}' must be a whole number from {min} to {max}.");
    }

    private static bool Bool(IConfiguration section, string key, bool fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return bool.TryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"{Section} setting {key} = '{text}' must be true or false.");
    }
}
