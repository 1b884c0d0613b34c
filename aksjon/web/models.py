"""What the edges keep for themselves: the one-time keys of forms that create something."""
from django.conf import settings
from django.db import models


class OnceKey(models.Model):
    """A form's (or an API call's) one-time key and the answer its first request gave.

    A repeated request with the same key — a double tap, a retry after a lost answer, an
    offline entry sent again — gets that answer instead of creating anything twice. Written
    in the same transaction as the action it stands for, so a key is either spent with its
    result or not at all; the unique (user, key) makes a concurrent twin wait, then find it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=300)  # the address the key was first sent to
    result_url = models.CharField(max_length=300, blank=True)  # where the first answer led
    result = models.JSONField(default=dict, blank=True)  # the first answer's body, for the API
    status_code = models.PositiveSmallIntegerField(default=302)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
