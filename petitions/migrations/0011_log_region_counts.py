"""Counts by region on each petition's log, recomputed for existing logs from their leaves."""

import json

from django.db import migrations, models


def recount_from_leaves(apps, schema_editor):
    """What anyone can do with the public log: each signature leaf adds one to its "region",
    each revocation takes one from the region of the leaf it "revokes"."""
    PetitionLog = apps.get_model("petitions", "PetitionLog")
    LogLeaf = apps.get_model("petitions", "LogLeaf")
    for state in PetitionLog.objects.all().iterator():
        regions = {}
        counts = {}
        leaves = LogLeaf.objects.filter(petition_id=state.petition_id).order_by("index")
        for index, data in leaves.values_list("index", "data").iterator(chunk_size=2000):
            leaf = json.loads(data)
            if leaf["kind"] == "signature":
                region, delta = leaf["region"], 1
                regions[index] = region
            else:
                region, delta = regions[leaf["revokes"]], -1
            counts[region] = counts.get(region, 0) + delta
        state.region_counts = {region: n for region, n in counts.items() if n}
        state.save(update_fields=["region_counts"])


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0010_drop_eds_certificate_serial'),
    ]

    operations = [
        migrations.AddField(
            model_name='petitionlog',
            name='region_counts',
            field=models.JSONField(default=dict, verbose_name='valid signatures by region'),
        ),
        migrations.RunPython(recount_from_leaves, migrations.RunPython.noop),
    ]
