from django.db import migrations, models


def findings_have_no_reporter(apps, schema_editor):
    """Existing cases holding only findings (temuan) get has_reporter=False."""
    Case = apps.get_model("cases", "Case")
    Report = apps.get_model("reports", "Report")
    with_reporter = Report.objects.filter(case__isnull=False).exclude(kind="temuan").values("case_id")
    with_reports = Report.objects.filter(case__isnull=False).values("case_id")
    Case.objects.filter(pk__in=with_reports).exclude(pk__in=with_reporter).update(has_reporter=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_gakkumdu_steps"),
        ("reports", "0006_report_receipt_hint"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="has_reporter",
            field=models.BooleanField(default=True, verbose_name="berasal dari laporan masyarakat"),
        ),
        migrations.RunPython(findings_have_no_reporter, migrations.RunPython.noop),
    ]
