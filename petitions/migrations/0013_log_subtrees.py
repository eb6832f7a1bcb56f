"""Kept roots of the log's perfect subtrees, so that proofs need not read every leaf.

Written by the log job from now on; worked out here from the leaves for logs that already exist.
Append-only like the leaves they summarise.
"""

from django.db import migrations, models

import petitions.transparency.merkle as merkle

LEVEL = 8  # petitions.models.log.SUBTREE_LEVEL when this was written

POSTGRES_TRIGGER = """
CREATE TRIGGER petitions_logsubtree_append_only BEFORE UPDATE OR DELETE ON petitions_logsubtree
FOR EACH ROW EXECUTE FUNCTION qoldau_append_only()
"""
SQLITE_TRIGGERS = (
    "CREATE TRIGGER petitions_logsubtree_no_update BEFORE UPDATE ON petitions_logsubtree "
    "BEGIN SELECT RAISE(ABORT, 'petitions_logsubtree is append-only: rows cannot be changed'); "
    "END",
    "CREATE TRIGGER petitions_logsubtree_no_delete BEFORE DELETE ON petitions_logsubtree "
    "BEGIN SELECT RAISE(ABORT, 'petitions_logsubtree is append-only: rows cannot be deleted'); "
    "END",
)


def keep_existing_subtrees(apps, schema_editor):
    PetitionLog = apps.get_model("petitions", "PetitionLog")
    LogLeaf = apps.get_model("petitions", "LogLeaf")
    LogSubtree = apps.get_model("petitions", "LogSubtree")
    for state in PetitionLog.objects.all().iterator():
        frontier = merkle.Frontier(keep_from_level=LEVEL)
        leaves = LogLeaf.objects.filter(petition_id=state.petition_id, index__lt=state.size)
        hashes = leaves.order_by("index").values_list("leaf_hash", flat=True)
        frontier.extend(bytes(h) for h in hashes.iterator(chunk_size=5000))
        LogSubtree.objects.bulk_create(
            LogSubtree(petition_id=state.petition_id, level=level, position=position, root=root)
            for level, position, root in frontier.completed
        )


def make_append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRIGGER)
    elif vendor == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            schema_editor.execute(trigger)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0012_event_audit_entry")]

    operations = [
        migrations.CreateModel(
            name="LogSubtree",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.PositiveSmallIntegerField(verbose_name="level")),
                ("position", models.PositiveBigIntegerField(verbose_name="position")),
                ("root", models.BinaryField(max_length=32, verbose_name="root hash")),
                (
                    "petition",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="petitions.petition",
                        verbose_name="petition",
                    ),
                ),
            ],
            options={"verbose_name": "log subtree", "verbose_name_plural": "log subtrees"},
        ),
        migrations.AddConstraint(
            model_name="logsubtree",
            constraint=models.UniqueConstraint(
                fields=("petition", "level", "position"), name="one_subtree_per_place"
            ),
        ),
        migrations.RunPython(keep_existing_subtrees, migrations.RunPython.noop),
        migrations.RunPython(make_append_only, migrations.RunPython.noop),
    ]
