using Klynge.Core.Data;
using Klynge.Core.Mail;
using Microsoft.Extensions.Configuration;

namespace Klynge.Core.Tests.Mail;

public class MailSettingsTests
{
    private static MailSettings Read(params (string Key, string Value)[] values) =>
        MailSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"Klynge:Mail:{v.Key}", v.Value)))
            .Build());

    [Fact]
    public void Without_settings_mail_goes_to_data_mail_beside_the_default_database()
    {
        var settings = Read();

        Assert.Equal(MailTransportKind.Pickup, settings.Transport);
        Assert.Equal(Path.Combine(DatabaseOptions.DefaultDataFolder(), "mail"), settings.PickupFolder);
        Assert.Equal(10, settings.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Interval);
        Assert.True(settings.BackgroundSending);
        var transport = Assert.IsType<PickupFolderTransport>(settings.CreateTransport());
        Assert.Equal(settings.PickupFolder, transport.Folder);
    }

    [Fact]
    public void Smtp_settings_are_read_with_the_sender_address()
    {
        var settings = Read(("Transport", "SMTP"), ("From", "klynge@region.test"), ("FromName", "Klynge Midt"),
            ("Smtp:Host", "smtp.region.test"), ("Smtp:Port", "587"), ("Smtp:EnableSsl", "true"),
            ("Smtp:UserName", "klynge"), ("Smtp:Password", "hemmelig"), ("MaxAttempts", "4"), ("IntervalSeconds", "30"));

        Assert.Equal(MailTransportKind.Smtp, settings.Transport);
        Assert.Equal(("klynge@region.test", "Klynge Midt"), (settings.FromAddress.Address, settings.FromAddress.DisplayName));
        Assert.Equal(new SmtpSettings("smtp.region.test", 587, true, "klynge", "hemmelig", 60), settings.Smtp);
        Assert.Equal((4, TimeSpan.FromSeconds(30)), (settings.MaxAttempts, settings.Interval));
        var transport = Assert.IsType<SmtpTransport>(settings.CreateTransport());
        Assert.Equal(587, transport.Settings.Port);
        Assert.DoesNotContain("hemmelig", settings.Describe());
    }

    [Theory]
    [InlineData("Transport", "pigeon", "Unknown mail transport 'pigeon'")]
    [InlineData("From", "not an address", "'not an address' is not a valid e-mail address")]
    [InlineData("Smtp:Port", "seventy", "Smtp:Port = 'seventy' must be a whole number")]
    [InlineData("MaxAttempts", "0", "MaxAttempts = '0' must be a whole number from 1")]
    public void A_bad_setting_names_itself(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Smtp:Host", "localhost"), (key, value)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_smtp_transport_needs_a_host()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Transport", "smtp")));
        Assert.Contains("Klynge:Mail:Smtp:Host", error.Message);
    }
}
