"""Signatures by the hour on each petition's log (recounted for existing logs from their
leaves), and the e-mails a follower chose."""

import datetime
import json

import django.db.models.deletion
from django.db import migrations, models


def recount_hours_from_leaves(apps, schema_editor):
    """What anyone can do with the public log: each signature leaf adds one to the hour of its
    "time", each revocation takes one from the hour of the leaf it "revokes"."""
    PetitionLog = apps.get_model("petitions", "PetitionLog")
    LogLeaf = apps.get_model("petitions", "LogLeaf")
    LogHourCount = apps.get_model("petitions", "LogHourCount")
    for petition_id in PetitionLog.objects.values_list("petition_id", flat=True).iterator():
        hours = {}
        counts = {}
        leaves = LogLeaf.objects.filter(petition_id=petition_id).order_by("index")
        for index, data in leaves.values_list("index", "data").iterator(chunk_size=2000):
            leaf = json.loads(data)
            if leaf["kind"] == "signature":
                time = datetime.datetime.strptime(leaf["time"], "%Y-%m-%dT%H:%M:%SZ")
                hour, delta = time.replace(minute=0, second=0, tzinfo=datetime.UTC), 1
                hours[index] = hour
            else:
                hour, delta = hours[leaf["revokes"]], -1
            counts[hour] = counts.get(hour, 0) + delta
        LogHourCount.objects.bulk_create(
            LogHourCount(petition_id=petition_id, hour=hour, signatures=n)
            for hour, n in counts.items()
        )


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0015_topics_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='follow',
            name='emails',
            field=models.CharField(choices=[('every', 'Every update'), ('decisions', 'The decision and the implementation only'), ('none', 'No e-mails')], default='every', max_length=10, verbose_name='e-mails'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.CheckConstraint(condition=models.Q(('emails__in', ['every', 'decisions', 'none'])), name='follow_emails_known'),
        ),
        migrations.CreateModel(
            name='LogHourCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hour', models.DateTimeField(verbose_name='hour (UTC)')),
                ('signatures', models.IntegerField(default=0, verbose_name='valid signatures')),
                ('petition', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='petitions.petition', verbose_name='petition')),
            ],
            options={
                'verbose_name': 'signatures in an hour',
                'verbose_name_plural': 'signatures by the hour',
                'constraints': [models.UniqueConstraint(fields=('petition', 'hour'), name='one_count_per_hour'), models.CheckConstraint(condition=models.Q(('signatures__gte', 0)), name='hour_count_not_negative')],
            },
        ),
        migrations.RunPython(recount_hours_from_leaves, migrations.RunPython.noop),
    ]
