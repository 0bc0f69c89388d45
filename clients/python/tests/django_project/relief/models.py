"""A donation, as DMIS records one."""

from django.db import models


class Donation(models.Model):  # type: ignore[misc]  # Django ships no type information
    """A donation of goods to a relief operation."""

    donor = models.CharField(max_length=100)
    item = models.CharField(max_length=100)
    quantity = models.IntegerField()
    status = models.CharField(max_length=20, default="pledged")

    class Meta:
        app_label = "relief"
