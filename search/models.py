from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """Words that staff use for the same thing. A search for one finds them all."""

    terms = models.CharField(
        _("words that mean the same"),
        max_length=500,
        unique=True,
        help_text=_("Separate with commas, for example: elcykel, elektrisk cykel, e-cykel"),
    )

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return self.terms

    def clean(self):
        from django.core.exceptions import ValidationError

        words = self.words()
        if len(words) < 2:
            raise ValidationError({"terms": _("Give at least two words, separated by commas.")})
        self.terms = ", ".join(words)

    def words(self):
        return [" ".join(word.lower().split()) for word in self.terms.split(",") if word.strip()]


def synonym_rules():
    """Every synonym group in the engine's (Solr) format."""
    return [", ".join(synonym.words()) for synonym in Synonym.objects.all() if len(synonym.words()) > 1]
