"""`accord partner add NAME --role R [--shared-fields name,city]`,
`accord partner connect SLUG --url URL --token TOKEN` (the partner's own Accord and the
partner token it issued to us) and `accord partner token SLUG --name N [--scope]
[--expires-days]` (prints the token once): what a manager does on the Partners page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.validation import ValidationProblem
from accord.partners.models import Partner, PartnerRole, PartnerTokenScope
from accord.partners.services import issue_partner_token, save_partner


class Command(BaseCommand):
    help = "Register partners, connect their Accord installations, issue partner tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="register a partner")
        add.add_argument("name")
        add.add_argument("--role", choices=PartnerRole.values, default=PartnerRole.OTHER)
        add.add_argument("--contact-email", default="")
        add.add_argument("--shared-fields", default="", help="e.g. name,city")
        connect = actions.add_parser("connect", help="the partner's own Accord")
        connect.add_argument("slug")
        connect.add_argument("--url", required=True, help="its base URL")
        connect.add_argument("--token", required=True, help="the partner token it gave us")
        token = actions.add_parser("token", help="issue a partner token and print it once")
        token.add_argument("slug")
        token.add_argument("--name", required=True)
        token.add_argument("--scope", choices=PartnerTokenScope.values, default="write")
        token.add_argument("--expires-days", type=int, default=90)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ValidationProblem as problem:
            raise CommandError(str(problem)) from None

    def _partner(self, slug: str) -> Partner:
        partner = Partner.objects.filter(slug=slug).first()
        if partner is None:
            raise CommandError(f"no partner with the short name {slug!r}")
        return partner

    def _add(self, options: dict[str, Any]) -> None:
        partner = save_partner(
            {
                "name": options["name"],
                "role": options["role"],
                "contact_email": options["contact_email"],
                "shared_fields": options["shared_fields"],
            },
            by=None,
        )
        self.stdout.write(f"partner {partner.slug} (id {partner.pk})")

    def _connect(self, options: dict[str, Any]) -> None:
        partner = self._partner(options["slug"])
        values = {
            name: getattr(partner, name)
            for name in ("name", "slug", "description", "role", "contact_name", "contact_email")
        }
        save_partner(
            {
                **values,
                "shared_fields": partner.shared_fields,
                "accord_url": options["url"],
                "accord_token": options["token"],
            },
            by=None,
            partner=partner,
        )
        self.stdout.write(f"partner {partner.slug} runs Accord at {options['url']}")

    def _token(self, options: dict[str, Any]) -> None:
        issued = issue_partner_token(
            partner=self._partner(options["slug"]),
            name=options["name"],
            scope=options["scope"],
            expires_in_days=options["expires_days"],
        )
        self.stdout.write(issued.plaintext)
