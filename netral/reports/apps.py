from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "netral.reports"
    label = "reports"

    def ready(self) -> None:
        # The blank public form's rendered choices are cached (``forms.CachedWidgetBoundField``):
        # a change to what they list forgets them in this process at once.
        from django.db.models.signals import post_delete, post_save

        from netral.agencies.models import Agency
        from netral.regions.models import CandidatePair, Contest, Election, Region
        from netral.reports.forms import forget_choices

        for model in (Agency, CandidatePair, Contest, Election, Region):
            post_save.connect(forget_choices, sender=model, dispatch_uid=f"reports.forget_choices.{model.__name__}")
            post_delete.connect(forget_choices, sender=model, dispatch_uid=f"reports.forget_choices.x.{model.__name__}")
