"""What Wagtail's search promotions lack: a period for each promoted result, and counts of searches in vain."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intranet_search', '0001_initial'),
        ('wagtailsearchpromotions', '0008_query_verbose_name'),
        # wagtailsearchpromotions 0001 needs wagtailsearch 0003, whose state still holds the long-gone
        # EditorsPick (a foreign key to pages): take wagtailsearch past its removal too, or unapplying a
        # migration that deletes pages (pages 0002) would look for that table.
        ('wagtailsearch', '0007_delete_editorspick'),
    ]

    operations = [
        migrations.CreateModel(
            name='PromotionPeriod',
            fields=[
                ('promotion', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='period', serialize=False, to='wagtailsearchpromotions.searchpromotion')),
                ('starts_on', models.DateField(blank=True, help_text='(optional)', null=True, verbose_name='shown from')),
                ('ends_on', models.DateField(blank=True, help_text='(optional)', null=True, verbose_name='shown until')),
            ],
            options={
                'verbose_name': 'promotion period',
                'verbose_name_plural': 'promotion periods',
            },
        ),
        migrations.CreateModel(
            name='QueryDailyZeroResults',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='day')),
                ('hits', models.PositiveIntegerField(default=0, verbose_name='searches without results')),
                ('query', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='daily_zero_results', to='wagtailsearchpromotions.query')),
            ],
            options={
                'verbose_name': 'searches without results',
                'verbose_name_plural': 'searches without results',
            },
        ),
        migrations.AddConstraint(
            model_name='querydailyzeroresults',
            constraint=models.UniqueConstraint(fields=('query', 'date'), name='one_zero_result_count_per_query_and_day'),
        ),
    ]
