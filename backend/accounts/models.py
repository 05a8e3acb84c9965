"""Who belongs where: agencies (the scored unit), their offices, and their people."""
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A provincial department (Sở): the unit the PAR Index scores."""

    class Level(models.TextChoices):
        # A department (sở, ban, ngành) reports on the dates its province sets; the
        # province itself reports to the Ministry on the national dates.
        DEPARTMENT = "department", _("department of the province")
        PROVINCE = "province", _("the province itself")

    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.DEPARTMENT)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    province = models.CharField(_("province"), max_length=128, blank=True)
    # The scoring method this agency's plan years are evaluated with.
    methodology = models.ForeignKey(
        "criteria.Methodology", on_delete=models.PROTECT, null=True, blank=True,
        related_name="agencies", verbose_name=_("methodology"),
    )
    # Reminders go out this many working days before a task's due date.
    due_soon_days = models.PositiveSmallIntegerField(
        _("due-soon reminder (working days)"), default=3,
        validators=[MaxValueValidator(60)],
        help_text=_("task.due_soon is sent this many working days before the due date"),
    )
    # Civil Code 2015 art. 148: a time limit ending on a day off ends at the end of the
    # next working day. On by default; an agency whose province rules otherwise turns it off.
    deadline_moves_to_working_day = models.BooleanField(
        _("a due date on a day off moves to the next working day"), default=True,
        help_text=_("Civil Code 2015, article 148: a deadline falling on a weekend or public holiday "
                    "ends at the end of the next working day"),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Office(models.Model):
    """A unit (phòng, đơn vị) of an agency that tasks are assigned to."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="offices")
    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["agency_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="office_unique_name_per_agency"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    HEAD = "head", _("department head")
    OFFICE_HEAD = "office_head", _("office head")
    OFFICER = "officer", _("officer")
    INSPECTOR = "inspector", _("inspector")
    ADMIN = "admin", _("administrator")


# Roles whose members belong to one office; the others act for the whole agency.
OFFICE_ROLES = (Role.OFFICE_HEAD, Role.OFFICER)


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # A new password (set_password leaves it in _password until saved) or a disabled
        # account ends every API token of the user, wherever the change came from
        # (admin, changepassword, a page). Sessions end by Django's own session hash.
        revoke = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(*args, **kwargs)
        if revoke:
            # knox's tokens (reverse relation "auth_token_set": no import of an interface app).
            self.auth_token_set.all().delete()

    def clean(self):
        super().clean()
        if self.office_id and self.agency_id and self.office.agency_id != self.agency_id:
            raise ValidationError({"office": _("the office belongs to another agency")})
        if self.role in OFFICE_ROLES and self.office_id is None:
            raise ValidationError({"office": _("officers and office heads belong to an office")})

    @property
    def is_head(self) -> bool:
        return self.role == Role.HEAD

    @property
    def is_office_head(self) -> bool:
        return self.role == Role.OFFICE_HEAD

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN

    def heads_office(self, office_id) -> bool:
        return self.role == Role.OFFICE_HEAD and office_id is not None and self.office_id == office_id

    def works_in(self, office_id) -> bool:
        """A member (officer or office head) of the given office."""
        return self.role in OFFICE_ROLES and office_id is not None and self.office_id == office_id
